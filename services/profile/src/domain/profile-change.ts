/** Why a change to a profile's association is refused: a stable code, an HTTP status, words. */
export interface Refusal {
  code: string;
  status: number;
  message: string;
}

export interface ProfileState {
  profileId: string;
  active: boolean;
  userId: string | null;
  /** An agent already chose (or confirmed) this association. */
  verified: boolean;
}

/** The target of a re-association: null is the guest; otherwise the directory user, if found. */
export type Target =
  { kind: 'guest' } | { kind: 'user'; userId: string; active: boolean } | { kind: 'missing'; userId: string };

export type ChangeDecision =
  { change: true; toUserId: string | null } | { change: false } | { refused: Refusal };

/**
 * SPEC P5: an agent points a profile at another user or at the guest. An inactive profile is
 * history (another profile holds the address now) and stays as it was; a user who is not in
 * the directory, or no longer active in it, cannot be a requester. Pointing a profile at the
 * user it already has confirms it: that is how an agent settles a P4 flag without changing
 * anyone, so it is audited like any change. Confirming a confirmed profile changes nothing.
 */
export function decideReassociation(profile: ProfileState, target: Target): ChangeDecision {
  if (!profile.active) return { refused: inactiveProfile(profile) };
  const refusal = refuseTarget(target);
  if (refusal) return { refused: refusal };
  const toUserId = target.kind === 'user' ? target.userId : null;
  return toUserId === profile.userId && profile.verified ? { change: false } : { change: true, toUserId };
}

/** Who cannot be a requester: a user not in the directory, or no longer active in it. */
export function refuseTarget(target: Target): Refusal | null {
  if (target.kind === 'missing') {
    return { code: 'USER_NOT_FOUND', status: 404, message: `user ${target.userId} is not in the directory` };
  }
  if (target.kind === 'user' && !target.active) {
    return { code: 'USER_INACTIVE', status: 409, message: `user ${target.userId} is deactivated` };
  }
  return null;
}

export interface AuditRecord {
  auditId: string;
  profileId: string;
  action: 'reassociated' | 'deactivated' | 'created';
  fromUserId: string | null;
  toUserId: string | null;
  undoneByAuditId: string | null;
}

/**
 * Undoing a re-association puts back the user it replaced, as a new audited change. Refused
 * when the entry belongs to another profile, is not a re-association, was undone already, or the
 * profile has changed since (undoing then would silently discard the later correction).
 * Whether the user to restore is still active is checked like any re-association.
 */
export function decideUndo(
  profile: ProfileState,
  entry: AuditRecord | null,
  auditId: string,
): { restoreUserId: string | null } | { refused: Refusal } {
  if (entry === null || entry.profileId !== profile.profileId) {
    return {
      refused: {
        code: 'AUDIT_NOT_FOUND',
        status: 404,
        message: `profile ${profile.profileId} has no change ${auditId}`,
      },
    };
  }
  // Before the profile's state: a deactivated entry always belongs to an inactive profile, and
  // "inactive" would wrongly suggest the entry could be undone on an active one.
  if (entry.action !== 'reassociated') {
    return {
      refused: { code: 'NOT_UNDOABLE', status: 409, message: `a ${entry.action} entry cannot be undone` },
    };
  }
  if (!profile.active) return { refused: inactiveProfile(profile) };
  if (entry.undoneByAuditId !== null) {
    return {
      refused: {
        code: 'ALREADY_UNDONE',
        status: 409,
        message: `change ${auditId} was undone by ${entry.undoneByAuditId}`,
      },
    };
  }
  if (entry.toUserId !== profile.userId) {
    return {
      refused: {
        code: 'CHANGED_SINCE',
        status: 409,
        message: `profile ${profile.profileId} was changed again after ${auditId}; undo the later change first`,
      },
    };
  }
  return { restoreUserId: entry.fromUserId };
}

function inactiveProfile(profile: ProfileState): Refusal {
  return {
    code: 'PROFILE_INACTIVE',
    status: 409,
    message: `profile ${profile.profileId} is no longer the active profile of its number`,
  };
}
