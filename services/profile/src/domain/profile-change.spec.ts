import { type AuditRecord, decideReassociation, decideUndo, type ProfileState } from './profile-change';

const ADA = 'user-ada';
const GRACE = 'user-grace';
const profile = (overrides: Partial<ProfileState> = {}): ProfileState => ({
  profileId: 'profile-1',
  active: true,
  userId: ADA,
  verified: true,
  ...overrides,
});
const entry = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  auditId: 'audit-1',
  profileId: 'profile-1',
  action: 'reassociated',
  fromUserId: GRACE,
  toUserId: ADA,
  undoneByAuditId: null,
  ...overrides,
});

describe('decideReassociation (SPEC P5)', () => {
  it('points the profile at another active user', () => {
    expect(decideReassociation(profile(), { kind: 'user', userId: GRACE, active: true })).toEqual({
      change: true,
      toUserId: GRACE,
    });
  });

  it('points a guest profile at a user', () => {
    expect(
      decideReassociation(profile({ userId: null }), { kind: 'user', userId: GRACE, active: true }),
    ).toEqual({ change: true, toUserId: GRACE });
  });

  it('points the profile at the guest (no user)', () => {
    expect(decideReassociation(profile(), { kind: 'guest' })).toEqual({ change: true, toUserId: null });
  });

  it('confirms an unverified profile pointed at the user it has (settles a P4 flag)', () => {
    expect(
      decideReassociation(profile({ verified: false }), { kind: 'user', userId: ADA, active: true }),
    ).toEqual({ change: true, toUserId: ADA });
    expect(decideReassociation(profile({ userId: null, verified: false }), { kind: 'guest' })).toEqual({
      change: true,
      toUserId: null,
    });
  });

  it('changes nothing when a verified profile already points at that user', () => {
    expect(decideReassociation(profile(), { kind: 'user', userId: ADA, active: true })).toEqual({
      change: false,
    });
  });

  it('changes nothing when a verified guest profile is pointed at the guest', () => {
    expect(decideReassociation(profile({ userId: null }), { kind: 'guest' })).toEqual({ change: false });
  });

  it('refuses a user who is not in the directory: USER_NOT_FOUND (404)', () => {
    expect(decideReassociation(profile(), { kind: 'missing', userId: 'nobody' })).toEqual({
      refused: { code: 'USER_NOT_FOUND', status: 404, message: 'user nobody is not in the directory' },
    });
  });

  it('refuses a deactivated user: USER_INACTIVE (409), even the one the profile points at', () => {
    expect(decideReassociation(profile(), { kind: 'user', userId: GRACE, active: false })).toEqual({
      refused: { code: 'USER_INACTIVE', status: 409, message: `user ${GRACE} is deactivated` },
    });
    expect(decideReassociation(profile(), { kind: 'user', userId: ADA, active: false })).toMatchObject({
      refused: { code: 'USER_INACTIVE' },
    });
  });

  it('refuses to change an inactive profile: PROFILE_INACTIVE (409), before looking at the target', () => {
    const inactive = profile({ active: false });
    for (const target of [
      { kind: 'user', userId: GRACE, active: true },
      { kind: 'guest' },
      { kind: 'missing', userId: 'nobody' },
    ] as const) {
      expect(decideReassociation(inactive, target)).toEqual({
        refused: {
          code: 'PROFILE_INACTIVE',
          status: 409,
          message: 'profile profile-1 is no longer the active profile of its number',
        },
      });
    }
  });
});

describe('decideUndo (SPEC P5)', () => {
  it('restores the user the change replaced', () => {
    expect(decideUndo(profile(), entry(), 'audit-1')).toEqual({ restoreUserId: GRACE });
  });

  it('restores the guest when the change had replaced it', () => {
    expect(decideUndo(profile(), entry({ fromUserId: null }), 'audit-1')).toEqual({ restoreUserId: null });
  });

  it('undoes a change to the guest', () => {
    expect(
      decideUndo(profile({ userId: null }), entry({ fromUserId: ADA, toUserId: null }), 'audit-1'),
    ).toEqual({ restoreUserId: ADA });
  });

  it('undoes an undo (a redo): it is a re-association too', () => {
    expect(
      decideUndo(
        profile({ userId: GRACE }),
        entry({ auditId: 'audit-2', fromUserId: ADA, toUserId: GRACE }),
        'audit-2',
      ),
    ).toEqual({ restoreUserId: ADA });
  });

  it('refuses an unknown entry: AUDIT_NOT_FOUND (404)', () => {
    expect(decideUndo(profile(), null, 'audit-9')).toEqual({
      refused: { code: 'AUDIT_NOT_FOUND', status: 404, message: 'profile profile-1 has no change audit-9' },
    });
  });

  it('refuses an entry of another profile as unknown: AUDIT_NOT_FOUND (404)', () => {
    expect(decideUndo(profile(), entry({ profileId: 'profile-2' }), 'audit-1')).toMatchObject({
      refused: { code: 'AUDIT_NOT_FOUND', status: 404 },
    });
  });

  it.each(['created', 'deactivated'] as const)(
    'refuses a %s entry: NOT_UNDOABLE (409), whatever the profile is now',
    (action) => {
      const refusal = {
        refused: { code: 'NOT_UNDOABLE', status: 409, message: `a ${action} entry cannot be undone` },
      };
      expect(decideUndo(profile(), entry({ action }), 'audit-1')).toEqual(refusal);
      // A deactivated entry always belongs to an inactive profile: the entry is still the reason.
      expect(decideUndo(profile({ active: false }), entry({ action }), 'audit-1')).toEqual(refusal);
    },
  );

  it('refuses a change of a profile that is no longer active: PROFILE_INACTIVE (409)', () => {
    expect(decideUndo(profile({ active: false }), entry(), 'audit-1')).toMatchObject({
      refused: { code: 'PROFILE_INACTIVE', status: 409 },
    });
  });

  it('refuses a change undone already: ALREADY_UNDONE (409), naming the undo', () => {
    expect(decideUndo(profile({ userId: GRACE }), entry({ undoneByAuditId: 'audit-2' }), 'audit-1')).toEqual({
      refused: { code: 'ALREADY_UNDONE', status: 409, message: 'change audit-1 was undone by audit-2' },
    });
  });

  it('refuses a change made before the profile changed again: CHANGED_SINCE (409)', () => {
    expect(decideUndo(profile({ userId: 'user-alan' }), entry(), 'audit-1')).toEqual({
      refused: {
        code: 'CHANGED_SINCE',
        status: 409,
        message: 'profile profile-1 was changed again after audit-1; undo the later change first',
      },
    });
    expect(decideUndo(profile({ userId: null }), entry(), 'audit-1')).toMatchObject({
      refused: { code: 'CHANGED_SINCE' },
    });
  });
});
