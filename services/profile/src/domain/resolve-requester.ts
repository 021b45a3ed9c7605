import type { schemas } from '@threadline/contracts';
import type { z } from 'zod';
import { GUEST_USER_ID } from './guest-user';

export type IdentityConflictReason = z.infer<typeof schemas.identityConflictReason>;

/** A directory user that carries the number, active or not. */
export interface DirectoryMatch {
  userId: string;
  active: boolean;
}

/** The active messaging profile of an address, as the decision needs it. */
export interface CurrentProfile {
  profileId: string;
  /** The directory user it points to; null for a guest profile. */
  userId: string | null;
  /** Whether that user is still active in the directory (true for a guest profile). */
  userActive: boolean;
  /** An agent chose this association (P5): the directory no longer contradicts it. */
  verified: boolean;
  /** The profile's latest audited change, if any (carried to interactions; not part of the decision). */
  lastChangeId?: string | null;
}

interface Outcome {
  /** The user interactions show as requester: the profile's active user, else the guest. */
  requesterUserId: string;
  identityConflict: boolean;
  conflictReason: IdentityConflictReason | null;
}

export type Resolution =
  | (Outcome & {
      kind: 'create_profile';
      /** The user to link the new profile to; null makes a guest profile. */
      userId: string | null;
      rule: 'P1' | 'P3' | 'P4';
    })
  | (Outcome & {
      kind: 'use_profile';
      profile: CurrentProfile;
      rule: 'P2' | 'P4' | 'agreed' | 'verified';
    });

function noConflict(requesterUserId: string): Outcome {
  return { requesterUserId, identityConflict: false, conflictReason: null };
}

function conflict(requesterUserId: string, reason: IdentityConflictReason): Outcome {
  return { requesterUserId, identityConflict: true, conflictReason: reason };
}

/**
 * Who is behind an inbound number (SPEC "Messaging profiles"), given the directory users that
 * carry it and the address's active profile, if any. Deactivated directory users are ignored:
 * they no longer vouch for a number.
 * - P1: one user, no profile: a profile linked to that user;
 * - P3: no user, no profile: a guest profile;
 * - P4 with no profile: several users: a guest profile (the directory cannot say who), flagged;
 * - P2: no user, a profile: the profile as it is;
 * - P4: one user other than the profile's, or several users: the profile as it is, flagged;
 * - a profile whose user left the directory: the guest is shown instead of a person who may no
 *   longer own the number, flagged so an agent re-associates it;
 * - a profile an agent verified (P5) is kept without a flag: the agent's word beats the directory.
 */
export function resolveRequester(
  matches: readonly DirectoryMatch[],
  profile: CurrentProfile | null,
): Resolution {
  const users = [...new Set(matches.filter((match) => match.active).map((match) => match.userId))];
  if (profile === null) {
    if (users.length === 1) {
      const userId = users[0]!;
      return { kind: 'create_profile', userId, rule: 'P1', ...noConflict(userId) };
    }
    if (users.length === 0)
      return { kind: 'create_profile', userId: null, rule: 'P3', ...noConflict(GUEST_USER_ID) };
    return {
      kind: 'create_profile',
      userId: null,
      rule: 'P4',
      ...conflict(GUEST_USER_ID, 'several_users'),
    };
  }

  const use = (rule: 'P2' | 'P4' | 'agreed' | 'verified', outcome: Outcome): Resolution => ({
    kind: 'use_profile',
    profile,
    rule,
    ...outcome,
  });
  if (profile.userId !== null && !profile.userActive) {
    return use('P4', conflict(GUEST_USER_ID, 'profile_user_inactive'));
  }
  const requesterUserId = profile.userId ?? GUEST_USER_ID;
  if (profile.verified) return use('verified', noConflict(requesterUserId));
  if (users.length === 0) return use('P2', noConflict(requesterUserId));
  if (users.length > 1) return use('P4', conflict(requesterUserId, 'several_users'));
  if (users[0] === profile.userId) return use('agreed', noConflict(requesterUserId));
  return use('P4', conflict(requesterUserId, 'directory_disagrees'));
}

/** The requester a profile's interactions show: its user while active, else the guest. */
export function requesterOf(profile: Pick<CurrentProfile, 'userId' | 'userActive'>): string {
  return profile.userId !== null && profile.userActive ? profile.userId : GUEST_USER_ID;
}
