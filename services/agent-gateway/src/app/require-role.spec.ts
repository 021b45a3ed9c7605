import { AppError } from '@threadline/platform';
import { requireRole } from './require-role';

function refusalOf(check: () => void): AppError {
  try {
    check();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('requireRole', () => {
  it('lets an allowed role through', () => {
    expect(() => requireRole({ role: 'manager' }, ['manager', 'admin'], 'nope')).not.toThrow();
  });

  it('refuses any other role with 403 ROLE_NOT_ALLOWED, naming the role and the allowed ones', () => {
    const refusal = refusalOf(() =>
      requireRole({ role: 'agent' }, ['admin'], 'only admins configure routing'),
    );
    expect(refusal).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      status: 403,
      message: 'only admins configure routing',
      details: { role: 'agent', allowed: ['admin'] },
    });
  });
});
