import { GUEST_USER_ID } from './guest-user';
import { type CurrentProfile, type DirectoryMatch, requesterOf, resolveRequester } from './resolve-requester';

const ADA = 'user-ada';
const GRACE = 'user-grace';
const active = (userId: string): DirectoryMatch => ({ userId, active: true });
const inactive = (userId: string): DirectoryMatch => ({ userId, active: false });
const profileOf = (userId: string | null, overrides: Partial<CurrentProfile> = {}): CurrentProfile => ({
  profileId: 'profile-1',
  userId,
  userActive: true,
  verified: false,
  ...overrides,
});

describe('resolveRequester (SPEC Messaging profiles)', () => {
  describe('with no profile for the number', () => {
    it('P1: one user has the number → a profile linked to that user, who is the requester', () => {
      expect(resolveRequester([active(ADA)], null)).toEqual({
        kind: 'create_profile',
        userId: ADA,
        rule: 'P1',
        requesterUserId: ADA,
        identityConflict: false,
        conflictReason: null,
      });
    });

    it('P3: no user has the number → a profile with no user; the requester is the guest', () => {
      expect(resolveRequester([], null)).toEqual({
        kind: 'create_profile',
        userId: null,
        rule: 'P3',
        requesterUserId: GUEST_USER_ID,
        identityConflict: false,
        conflictReason: null,
      });
    });

    it('P4: the number is on several users → no association from the directory, flagged as a conflict', () => {
      expect(resolveRequester([active(ADA), active(GRACE)], null)).toEqual({
        kind: 'create_profile',
        userId: null,
        rule: 'P4',
        requesterUserId: GUEST_USER_ID,
        identityConflict: true,
        conflictReason: 'several_users',
      });
    });

    it('counts a user listed twice (mobile and other phone) once: still P1', () => {
      expect(resolveRequester([active(ADA), active(ADA)], null)).toMatchObject({ rule: 'P1', userId: ADA });
    });

    it('ignores a deactivated directory user: their number alone makes a guest profile (P3)', () => {
      expect(resolveRequester([inactive(ADA)], null)).toMatchObject({
        kind: 'create_profile',
        userId: null,
        rule: 'P3',
        identityConflict: false,
      });
    });

    it('a deactivated user next to an active one does not make a conflict: P1 with the active one', () => {
      expect(resolveRequester([inactive(ADA), active(GRACE)], null)).toMatchObject({
        rule: 'P1',
        userId: GRACE,
        identityConflict: false,
      });
    });
  });

  describe('with a profile for the number', () => {
    it('P2: no user has the number → the profile as it is, with its user', () => {
      const profile = profileOf(ADA);
      expect(resolveRequester([], profile)).toEqual({
        kind: 'use_profile',
        profile,
        rule: 'P2',
        requesterUserId: ADA,
        identityConflict: false,
        conflictReason: null,
      });
    });

    it('P2: no user has the number and the profile has no user → the guest', () => {
      expect(resolveRequester([], profileOf(null))).toMatchObject({
        rule: 'P2',
        requesterUserId: GUEST_USER_ID,
        identityConflict: false,
      });
    });

    it('the directory agrees with the profile → no conflict', () => {
      expect(resolveRequester([active(ADA)], profileOf(ADA))).toMatchObject({
        kind: 'use_profile',
        rule: 'agreed',
        requesterUserId: ADA,
        identityConflict: false,
      });
    });

    it('P4: the number is on user A, the profile points to B → keep B, flag the conflict', () => {
      expect(resolveRequester([active(GRACE)], profileOf(ADA))).toMatchObject({
        kind: 'use_profile',
        rule: 'P4',
        requesterUserId: ADA,
        identityConflict: true,
        conflictReason: 'directory_disagrees',
      });
    });

    it('P4: the number is now on a user but the profile has none → keep the guest, flag it', () => {
      expect(resolveRequester([active(GRACE)], profileOf(null))).toMatchObject({
        rule: 'P4',
        requesterUserId: GUEST_USER_ID,
        identityConflict: true,
        conflictReason: 'directory_disagrees',
      });
    });

    it('P4: the number is on several users, including the profile’s → keep it, flag the conflict', () => {
      expect(resolveRequester([active(ADA), active(GRACE)], profileOf(ADA))).toMatchObject({
        rule: 'P4',
        requesterUserId: ADA,
        identityConflict: true,
        conflictReason: 'several_users',
      });
    });

    it('a deactivated directory user does not contradict the profile', () => {
      expect(resolveRequester([inactive(GRACE)], profileOf(ADA))).toMatchObject({
        rule: 'P2',
        identityConflict: false,
      });
    });

    it('a profile whose user was removed from the directory → the guest is shown, flagged', () => {
      expect(resolveRequester([], profileOf(ADA, { userActive: false }))).toMatchObject({
        kind: 'use_profile',
        rule: 'P4',
        requesterUserId: GUEST_USER_ID,
        identityConflict: true,
        conflictReason: 'profile_user_inactive',
      });
    });

    it('a removed user is flagged even when an agent had verified the profile', () => {
      expect(resolveRequester([], profileOf(ADA, { userActive: false, verified: true }))).toMatchObject({
        identityConflict: true,
        conflictReason: 'profile_user_inactive',
      });
    });

    it('P5 then P4: a profile an agent verified is kept without a flag though the directory disagrees', () => {
      expect(resolveRequester([active(GRACE)], profileOf(ADA, { verified: true }))).toMatchObject({
        rule: 'verified',
        requesterUserId: ADA,
        identityConflict: false,
      });
      expect(
        resolveRequester([active(ADA), active(GRACE)], profileOf(null, { verified: true })),
      ).toMatchObject({ rule: 'verified', requesterUserId: GUEST_USER_ID, identityConflict: false });
    });
  });
});

describe('requesterOf', () => {
  it('is the profile’s user while active, else the guest', () => {
    expect(requesterOf({ userId: ADA, userActive: true })).toBe(ADA);
    expect(requesterOf({ userId: ADA, userActive: false })).toBe(GUEST_USER_ID);
    expect(requesterOf({ userId: null, userActive: true })).toBe(GUEST_USER_ID);
  });
});
