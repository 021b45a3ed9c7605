import { checkActionCondition } from './action-settings';

describe('checkActionCondition', () => {
  it('no filter matches every conversation', () => {
    expect(checkActionCondition(null)).toEqual({ ok: true, condition: null });
    expect(checkActionCondition(undefined)).toEqual({ ok: true, condition: null });
  });

  it("takes a filter over the interaction's fields and routing's", () => {
    const condition = {
      all: [
        { field: 'state', op: 'in', value: ['work_in_progress', 'on_hold'] },
        { field: 'companyAddress', op: 'eq', value: '+15550100001' },
        { field: 'assigned', op: 'eq', value: true },
      ],
    };
    expect(checkActionCondition(condition)).toMatchObject({ ok: true });
  });

  it('answers every error with its path', () => {
    const checked = checkActionCondition({
      all: [
        { field: 'assigned', op: 'gt', value: 1 },
        { field: 'state', op: 'eq', value: 'asleep' },
      ],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((error) => error.path)).toEqual([
      'condition.all[0].op',
      'condition.all[1].value',
    ]);
  });
});
