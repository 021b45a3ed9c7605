import { queries } from '@threadline/contracts';
import { GUEST_USER_ID } from '../src/domain/guest-user';
import { freshNumber, nationalUs, ProfileHarness } from './support/profile-harness';

describe('profile: looking up requesters and searching the directory', () => {
  let harness: ProfileHarness;

  beforeAll(async () => {
    harness = await ProfileHarness.start();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function profileCount(address: string): Promise<number> {
    const [row] = await harness.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM messaging_profile WHERE address = $1`,
      [address],
    );
    return row!.n;
  }

  describe('lookup (profile.requester.lookup.v1)', () => {
    function lookup(address: string) {
      return harness.ask(queries.lookupRequester, { address });
    }

    it('P1: a number on one user with no profile yet: that user, and nothing is created', async () => {
      const address = freshNumber();
      const userId = await harness.addUser({ name: 'Look Up', phones: [address] });
      const answer = await lookup(nationalUs(address));
      expect(answer).toEqual({
        address,
        profile: null,
        directoryUsers: [expect.objectContaining({ userId, name: 'Look Up', mobile: address })],
        requesterUserId: userId,
        identityConflict: false,
        identityConflictReason: null,
        rule: 'P1',
      });
      expect(await profileCount(address)).toBe(0);
    });

    it('P3: an unknown number: the guest, no profile', async () => {
      const answer = await lookup(freshNumber());
      expect(answer).toMatchObject({
        profile: null,
        directoryUsers: [],
        requesterUserId: GUEST_USER_ID,
        identityConflict: false,
        rule: 'P3',
      });
    });

    it('P4: a number on several users is a conflict, listing them all', async () => {
      const address = freshNumber();
      const first = await harness.addUser({ phones: [address] });
      const second = await harness.addUser({ phones: [freshNumber(), address] });
      const answer = await lookup(address);
      expect(answer).toMatchObject({
        profile: null,
        requesterUserId: GUEST_USER_ID,
        identityConflict: true,
        identityConflictReason: 'several_users',
        rule: 'P4',
      });
      expect(answer.directoryUsers.map((user) => user.userId).sort()).toEqual([first, second].sort());
    });

    it('P4: a profile the directory disagrees with: the profile, its user, and the conflict', async () => {
      const address = freshNumber();
      const owner = await harness.addUser({ phones: [address] });
      const { data } = await harness.resolve(address);
      await harness.db.query(`DELETE FROM directory_user_phone WHERE address = $1`, [address]);
      const other = await harness.addUser({ phones: [address] });
      const answer = await lookup(address);
      expect(answer).toMatchObject({
        profile: { profileId: data.profileId, userId: owner, user: { userId: owner }, active: true },
        directoryUsers: [expect.objectContaining({ userId: other })],
        requesterUserId: owner,
        identityConflict: true,
        identityConflictReason: 'directory_disagrees',
        rule: 'P4',
      });
    });

    it('lists a deactivated directory user but does not follow them', async () => {
      const address = freshNumber();
      const gone = await harness.addUser({ phones: [address], active: false });
      const answer = await lookup(address);
      expect(answer).toMatchObject({
        directoryUsers: [expect.objectContaining({ userId: gone, active: false })],
        requesterUserId: GUEST_USER_ID,
        identityConflict: false,
        rule: 'P3',
      });
    });

    it.each(['hello', '123', '+1 555 123 4567 ext 9'])(
      'text that is not a phone number (%j) is PHONE_NUMBER_INVALID (400)',
      async (address) => {
        await expect(lookup(address)).rejects.toMatchObject({
          code: 'PHONE_NUMBER_INVALID',
          status: 400,
          details: { field: 'address' },
        });
      },
    );
  });

  describe('search (profile.directory.search.v1)', () => {
    const tag = `s${Date.now().toString(36)}`;
    const ids: Record<string, string> = {};
    let phone: string;

    function search(query: string, limit = 20) {
      return harness
        .ask(queries.searchDirectory, { query, limit })
        .then((answer) => answer.users.map((user) => user.userId));
    }

    beforeAll(async () => {
      phone = freshNumber();
      ids.ada = await harness.addUser({
        name: `${tag} Ada Lovelace`,
        email: `ada.${tag}@example.com`,
        externalId: `EMP-${tag}-1`,
        phones: [phone],
      });
      ids.adam = await harness.addUser({ name: `${tag} Adam Smith`, email: `adam.${tag}@example.com` });
      // Sorts first by name, but is inactive: listed after the active ones.
      ids.aaron = await harness.addUser({ name: `${tag} Aaron Gone`, active: false });
      ids.percent = await harness.addUser({ name: `100% ${tag} Cotton` });
      ids.hundred = await harness.addUser({ name: `1000 ${tag} Cotton` });
      ids.underscore = await harness.addUser({ name: `x_y ${tag}` });
      ids.xzy = await harness.addUser({ name: `xzy ${tag}` });
    });

    it('finds users by name prefix, case-insensitively, active ones first', async () => {
      expect(await search(`${tag} ADA`)).toEqual([ids.ada, ids.adam]);
      expect(await search(`${tag.toUpperCase()} a`)).toEqual([ids.ada, ids.adam, ids.aaron]);
    });

    it('finds users by email prefix, case-insensitively', async () => {
      expect(await search(`ADA.${tag}@`)).toEqual([ids.ada]);
      expect(await search(`adam.${tag}`)).toEqual([ids.adam]);
    });

    it('finds a user by external id', async () => {
      expect(await search(`EMP-${tag}-1`)).toEqual([ids.ada]);
    });

    it('finds a user by phone number in any writing', async () => {
      for (const writing of [
        phone,
        nationalUs(phone),
        phone.slice(2),
        `+1 ${phone.slice(2, 5)} ${phone.slice(5)}`,
      ]) {
        expect(await search(writing)).toEqual([ids.ada]);
      }
    });

    it('finds a user by id', async () => {
      expect(await search(ids.adam!)).toEqual([ids.adam]);
    });

    it('never lists the guest user', async () => {
      expect(await search('Guest')).toEqual([]);
      expect(await search(GUEST_USER_ID)).toEqual([]);
    });

    it('treats % and _ in the query as themselves, not as wildcards', async () => {
      expect(await search('100%')).toEqual([ids.percent]);
      expect(await search('x_y')).toEqual([ids.underscore]);
      expect(await search('%')).toEqual([]);
      expect(await search('_')).toEqual([]);
    });

    it('answers at most `limit` users', async () => {
      expect(await search(`${tag} a`, 2)).toEqual([ids.ada, ids.adam]);
    });

    it('answers users with their numbers', async () => {
      const { users } = await harness.ask(queries.searchDirectory, { query: `EMP-${tag}-1`, limit: 20 });
      expect(users).toEqual([
        {
          userId: ids.ada,
          externalId: `EMP-${tag}-1`,
          name: `${tag} Ada Lovelace`,
          email: `ada.${tag}@example.com`,
          mobile: phone,
          otherPhones: [],
          active: true,
        },
      ]);
    });
  });
});
