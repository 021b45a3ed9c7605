import { companyNumberChoice, usesEveryCompanyNumber } from './company-numbers';

const SUPPORT = { address: '+15550100001', label: 'Support' };
const BILLING = { address: '+15550100002', label: 'Billing' };

describe('company numbers an agent may start from', () => {
  it('pre-fills the number when exactly one is allowed', () => {
    expect(companyNumberChoice([SUPPORT])).toEqual({ items: [SUPPORT], default: SUPPORT.address });
  });

  it('pre-fills nothing when several, or none, are allowed', () => {
    expect(companyNumberChoice([BILLING, SUPPORT])).toEqual({ items: [BILLING, SUPPORT], default: null });
    expect(companyNumberChoice([])).toEqual({ items: [], default: null });
  });

  it('lets managers and admins use every number listed for anyone, and agents only their own', () => {
    expect(usesEveryCompanyNumber('manager')).toBe(true);
    expect(usesEveryCompanyNumber('admin')).toBe(true);
    expect(usesEveryCompanyNumber('agent')).toBe(false);
  });
});
