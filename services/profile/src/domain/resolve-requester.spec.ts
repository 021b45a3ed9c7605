import { resolveRequester } from './resolve-requester';

const ada = 'user-ada';
const grace = 'user-grace';

describe('resolveRequester', () => {
  it('P1: a number on exactly one user and no profile links a new profile to that user', () => {
    expect(resolveRequester([ada], null)).toEqual({
      kind: 'create_profile',
      userId: ada,
      identityConflict: false,
      rule: 'P1',
    });
  });

  it('P3: a number on no user and no profile makes a guest profile', () => {
    expect(resolveRequester([], null)).toEqual({
      kind: 'create_profile',
      userId: null,
      identityConflict: false,
      rule: 'P3',
    });
  });

  it('P2: a number on no user with a profile keeps the profile and its user', () => {
    const profile = { profileId: 'p1', userId: grace };
    expect(resolveRequester([], profile)).toEqual({
      kind: 'use_profile',
      profile,
      identityConflict: false,
      rule: 'P2',
    });
  });

  it('P2: a guest profile stays a guest profile', () => {
    const profile = { profileId: 'p1', userId: null };
    expect(resolveRequester([], profile)).toMatchObject({ kind: 'use_profile', profile, rule: 'P2' });
  });

  it('a profile that agrees with the directory is used without a conflict', () => {
    const profile = { profileId: 'p1', userId: ada };
    expect(resolveRequester([ada], profile)).toEqual({
      kind: 'use_profile',
      profile,
      identityConflict: false,
      rule: 'agreed',
    });
  });

  it('P4: the number is on user A but the profile points to B: keep B, flag a conflict', () => {
    const profile = { profileId: 'p1', userId: grace };
    expect(resolveRequester([ada], profile)).toEqual({
      kind: 'use_profile',
      profile,
      identityConflict: true,
      rule: 'P4',
    });
  });

  it('P4: the number is on a user but the profile is a guest profile: keep the guest, flag a conflict', () => {
    const profile = { profileId: 'p1', userId: null };
    expect(resolveRequester([ada], profile)).toMatchObject({ identityConflict: true, rule: 'P4', profile });
  });

  it('P4: the number is on several users and no profile exists: a guest profile, flagged', () => {
    expect(resolveRequester([ada, grace], null)).toEqual({
      kind: 'create_profile',
      userId: null,
      identityConflict: true,
      rule: 'P4',
    });
  });

  it('P4: the number is on several users, one of them the profile user: keep the profile, flagged', () => {
    const profile = { profileId: 'p1', userId: ada };
    expect(resolveRequester([ada, grace], profile)).toMatchObject({ identityConflict: true, rule: 'P4' });
  });

  it('counts a user listed twice for the same number once', () => {
    expect(resolveRequester([ada, ada], null)).toMatchObject({ userId: ada, rule: 'P1' });
  });
});
