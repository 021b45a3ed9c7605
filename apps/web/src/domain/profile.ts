// The requester's messaging profile as the profile panel shows it (SPEC P1–P5,
// docs/profiles.md): who the number belongs to, and its audit trail with what may be undone.
import type { AuditEntry, MessagingProfile } from '../api/types';
import type { FieldErrors, FieldProblem } from './field-errors';
import { assignFieldErrors } from './field-errors';
import { agentLabel } from './supervision';

export const REASON_MAX_CHARS = 500;

const CONFLICT_TEXT: Record<'several_users' | 'directory_disagrees' | 'profile_user_inactive', string> = {
  several_users: 'Several directory users have this number.',
  directory_disagrees: 'The directory gives this number to someone else.',
  profile_user_inactive: 'The linked user was deactivated.',
};

export function conflictText(reason: keyof typeof CONFLICT_TEXT | null): string | null {
  return reason === null ? null : CONFLICT_TEXT[reason];
}

export interface ProfileSummary {
  address: string;
  /** "Ada Lovelace" or "Guest (nobody known)". */
  who: string;
  detail: string | null;
  status: string;
}

export function profileSummary(profile: MessagingProfile): ProfileSummary {
  const user = profile.user;
  const who = user ? user.name : 'Guest (nobody known)';
  const detail = user ? [user.email, user.mobile].filter(Boolean).join(' · ') || null : null;
  const status = !profile.active
    ? 'Replaced by a newer profile'
    : user && !user.active
      ? 'Linked user deactivated: shown as the guest'
      : profile.verifiedAt
        ? 'Confirmed by an agent'
        : user
          ? 'From the directory, not confirmed'
          : 'Not in the directory, not confirmed';
  return { address: profile.address, who, detail, status };
}

/** The user ids an audit trail names (null is the guest), to look their names up once. */
export function userIdsOf(entries: readonly AuditEntry[]): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.fromUserId) ids.add(entry.fromUserId);
    if (entry.toUserId) ids.add(entry.toUserId);
  }
  return [...ids].sort();
}

export interface HistoryRow {
  auditId: string;
  what: string;
  who: string;
  at: string;
  from: string;
  to: string;
  reason: string;
  /** Only the latest change, not yet undone, may be undone (an earlier one is CHANGED_SINCE). */
  undoable: boolean;
}

const ACTION_TEXT: Record<AuditEntry['action'], string> = {
  reassociated: 'Changed',
  deactivated: 'Replaced',
  created: 'Created',
};

export function historyRows(
  entries: readonly AuditEntry[],
  names: Readonly<Record<string, string>>,
  meId: string,
): HistoryRow[] {
  const nameOf = (id: string | null) => (id === null ? 'Guest' : (names[id] ?? `User …${id.slice(-4)}`));
  // Newest first: the first re-association is the latest change to the profile's user.
  const latest = entries.find((entry) => entry.action === 'reassociated');
  return entries.map((entry) => ({
    auditId: entry.auditId,
    what: entry.undoesAuditId ? 'Undid a change' : ACTION_TEXT[entry.action],
    who:
      entry.actor.kind === 'system'
        ? 'System'
        : `${agentLabel(entry.actor.id, meId)}${entry.actor.role ? ` (${entry.actor.role})` : ''}`,
    at: entry.occurredAt,
    from: entry.action === 'created' ? '—' : nameOf(entry.fromUserId),
    to: entry.action === 'deactivated' ? '—' : nameOf(entry.toUserId),
    reason: entry.reason,
    undoable: entry === latest && entry.undoneByAuditId === null,
  }));
}

export function reasonProblem(reason: string): string | null {
  if (reason.trim() === '') return 'Say why, for the audit trail';
  if (reason.length > REASON_MAX_CHARS) return `At most ${REASON_MAX_CHARS} characters`;
  return null;
}

/** A refusal of a correction or an undo, beside the user or reason it names, the rest above. */
export function profileErrors(error: {
  code: string;
  message: string;
  fieldProblems: FieldProblem[];
}): FieldErrors {
  if (error.code === 'USER_NOT_FOUND' || error.code === 'USER_INACTIVE')
    return { byField: { userId: error.message }, general: [] };
  if (error.fieldProblems.length > 0) return assignFieldErrors(error.fieldProblems, ['userId', 'reason']);
  return { byField: {}, general: [error.message] };
}
