import type { AuditEntry, MessagingProfile } from '../api/types';
import {
  conflictText,
  historyRows,
  profileErrors,
  profileSummary,
  reasonProblem,
  userIdsOf,
} from './profile';

const ada = {
  userId: 'user-ada1',
  externalId: 'demo-b001',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  mobile: '+15551230001',
  otherPhones: [],
  active: true,
};

function profile(overrides: Partial<MessagingProfile> = {}): MessagingProfile {
  return {
    profileId: 'p1',
    channel: 'sms',
    address: '+15551230001',
    active: true,
    userId: ada.userId,
    user: ada,
    requesterUserId: ada.userId,
    verifiedAt: null,
    createdAt: '2030-01-01T10:00:00Z',
    updatedAt: '2030-01-01T10:00:00Z',
    ...overrides,
  };
}

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    auditId: 'a1',
    profileId: 'p1',
    action: 'reassociated',
    fromUserId: null,
    toUserId: 'user-ada1',
    actor: { kind: 'agent', id: 'agent-a001', role: 'agent' },
    reason: 'She called',
    undoesAuditId: null,
    undoneByAuditId: null,
    occurredAt: '2030-01-01T10:00:00Z',
    ...overrides,
  };
}

describe('profileSummary', () => {
  it('P1: a directory user, not confirmed', () => {
    expect(profileSummary(profile())).toEqual({
      address: '+15551230001',
      who: 'Ada Lovelace',
      detail: 'ada@example.com · +15551230001',
      status: 'From the directory, not confirmed',
    });
  });

  it('P3: the guest', () => {
    expect(profileSummary(profile({ user: null, userId: null }))).toMatchObject({
      who: 'Guest (nobody known)',
      detail: null,
      status: 'Not in the directory, not confirmed',
    });
  });

  it('P5: confirmed by an agent', () => {
    expect(profileSummary(profile({ verifiedAt: '2030-01-02T00:00:00Z' })).status).toBe(
      'Confirmed by an agent',
    );
  });

  it('a deactivated user shows as the guest; a replaced profile says so', () => {
    expect(
      profileSummary(profile({ user: { ...ada, active: false, email: null, mobile: null } })),
    ).toMatchObject({
      detail: null,
      status: 'Linked user deactivated: shown as the guest',
    });
    expect(profileSummary(profile({ active: false })).status).toBe('Replaced by a newer profile');
  });
});

describe('conflictText', () => {
  it('explains each P4 reason', () => {
    expect(conflictText(null)).toBeNull();
    expect(conflictText('several_users')).toMatch(/Several/);
    expect(conflictText('directory_disagrees')).toMatch(/someone else/);
    expect(conflictText('profile_user_inactive')).toMatch(/deactivated/);
  });
});

describe('userIdsOf', () => {
  it('lists each named user once, not the guest', () => {
    expect(
      userIdsOf([entry({ fromUserId: 'b', toUserId: 'a' }), entry({ fromUserId: null, toUserId: 'b' })]),
    ).toEqual(['a', 'b']);
  });
});

describe('historyRows', () => {
  const names = { 'user-ada1': 'Ada Lovelace', 'user-alan': 'Alan Turing' };

  it('shows who, when, from and to; only the latest change may be undone', () => {
    const rows = historyRows(
      [
        entry({
          auditId: 'a3',
          fromUserId: 'user-ada1',
          toUserId: 'user-alan',
          actor: { kind: 'agent', id: 'me', role: 'manager' },
        }),
        entry({ auditId: 'a2', fromUserId: null, toUserId: 'user-ada1' }),
        entry({
          auditId: 'a1',
          action: 'created',
          fromUserId: null,
          toUserId: null,
          actor: { kind: 'system', id: null, role: null },
        }),
      ],
      names,
      'me',
    );
    expect(rows).toEqual([
      {
        auditId: 'a3',
        what: 'Changed',
        who: 'You (manager)',
        at: '2030-01-01T10:00:00Z',
        from: 'Ada Lovelace',
        to: 'Alan Turing',
        reason: 'She called',
        undoable: true,
      },
      expect.objectContaining({
        auditId: 'a2',
        from: 'Guest',
        to: 'Ada Lovelace',
        who: 'Agent …a001 (agent)',
        undoable: false,
      }),
      expect.objectContaining({
        auditId: 'a1',
        what: 'Created',
        who: 'System',
        from: '—',
        to: 'Guest',
        undoable: false,
      }),
    ]);
  });

  it('an undone change cannot be undone again; the undo itself can', () => {
    const rows = historyRows(
      [
        entry({ auditId: 'a2', undoesAuditId: 'a1', fromUserId: 'user-ada1', toUserId: null }),
        entry({ auditId: 'a1', undoneByAuditId: 'a2' }),
      ],
      names,
      'me',
    );
    expect(rows.map((row) => [row.what, row.undoable])).toEqual([
      ['Undid a change', true],
      ['Changed', false],
    ]);
  });

  it('names unknown users by a short id and a replaced profile’s entry', () => {
    const [row] = historyRows(
      [entry({ action: 'deactivated', fromUserId: 'user-zzzz9999', undoneByAuditId: null })],
      {},
      'me',
    );
    expect(row).toMatchObject({ what: 'Replaced', from: 'User …9999', to: '—', undoable: false });
  });
});

describe('reasonProblem', () => {
  it('asks for a reason of at most 500 characters', () => {
    expect(reasonProblem('Confirmed by phone')).toBeNull();
    expect(reasonProblem('  ')).toBe('Say why, for the audit trail');
    expect(reasonProblem('x'.repeat(501))).toBe('At most 500 characters');
  });
});

describe('profileErrors', () => {
  it('puts user refusals beside the user', () => {
    expect(profileErrors({ code: 'USER_INACTIVE', message: 'inactive', fieldProblems: [] })).toEqual({
      byField: { userId: 'inactive' },
      general: [],
    });
  });

  it('puts VALIDATION_FAILED paths beside their fields', () => {
    expect(
      profileErrors({
        code: 'VALIDATION_FAILED',
        message: 'bad',
        fieldProblems: [{ path: 'reason', message: 'too long' }],
      }),
    ).toEqual({ byField: { reason: 'too long' }, general: [] });
  });

  it.each(['PROFILE_ACCESS_DENIED', 'CHANGED_SINCE', 'ALREADY_UNDONE', 'PROFILE_INACTIVE'])(
    'puts %s above',
    (code) => {
      expect(profileErrors({ code, message: code, fieldProblems: [] })).toEqual({
        byField: {},
        general: [code],
      });
    },
  );
});
