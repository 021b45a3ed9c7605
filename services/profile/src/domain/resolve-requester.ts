/** The active messaging profile of an address, as the decision needs it. */
export interface CurrentProfile {
  profileId: string;
  /** The directory user it points to; null for a guest profile. */
  userId: string | null;
}

export type Resolution =
  | {
      kind: 'create_profile';
      /** The user to link the new profile to; null makes a guest profile. */
      userId: string | null;
      identityConflict: boolean;
      rule: 'P1' | 'P3' | 'P4';
    }
  | {
      kind: 'use_profile';
      profile: CurrentProfile;
      identityConflict: boolean;
      rule: 'P2' | 'P4' | 'agreed';
    };

/**
 * Who is behind an inbound number (SPEC "Messaging profiles"), given the active directory
 * users that carry the number and the address's active profile, if any:
 * - P1: one user, no profile: a profile linked to that user;
 * - P3: no user, no profile: a guest profile;
 * - P2: no user, a profile: the profile as it is;
 * - P4: the directory disagrees with the profile, or several users carry the number: what
 *   the profile says (a guest profile when there is none yet), flagged as an identity conflict.
 */
export function resolveRequester(
  usersWithNumber: readonly string[],
  profile: CurrentProfile | null,
): Resolution {
  const users = [...new Set(usersWithNumber)];
  if (profile === null) {
    if (users.length === 1)
      return { kind: 'create_profile', userId: users[0]!, identityConflict: false, rule: 'P1' };
    if (users.length === 0)
      return { kind: 'create_profile', userId: null, identityConflict: false, rule: 'P3' };
    return { kind: 'create_profile', userId: null, identityConflict: true, rule: 'P4' };
  }
  if (users.length === 0) return { kind: 'use_profile', profile, identityConflict: false, rule: 'P2' };
  if (users.length === 1 && users[0] === profile.userId) {
    return { kind: 'use_profile', profile, identityConflict: false, rule: 'agreed' };
  }
  return { kind: 'use_profile', profile, identityConflict: true, rule: 'P4' };
}
