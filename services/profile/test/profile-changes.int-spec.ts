import { queries } from '@threadline/contracts';
import { QueryError } from '@threadline/platform';
import { v7 as uuidv7 } from 'uuid';
import { GUEST_USER_ID } from '../src/domain/guest-user';
import { AGENT, freshNumber, MANAGER, nationalUs, ProfileHarness } from './support/profile-harness';

describe('profile: agents correct messaging profiles', () => {
  let harness: ProfileHarness;

  beforeAll(async () => {
    harness = await ProfileHarness.start();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** A number on a new directory user, and the P1 profile its first message made. */
  async function profileOfNewUser() {
    const address = freshNumber();
    const userId = await harness.addUser({ phones: [address] });
    const resolved = await harness.resolve(address);
    return { address, userId, profileId: resolved.data.profileId };
  }

  function reassociate(profileId: string, userId: string | null, reason = 'the requester told me') {
    return harness.ask(queries.reassociateProfile, { profileId, userId, actor: AGENT, reason });
  }

  function undo(profileId: string, auditId: string, reason = 'wrong person') {
    return harness.ask(queries.undoProfileChange, { profileId, auditId, actor: MANAGER, reason });
  }

  function history(profileId: string) {
    return harness.ask(queries.profileHistory, { profileId }).then((answer) => answer.entries);
  }

  describe('P5: re-association (profile.messaging-profile.reassociate.v1)', () => {
    it('P5: points the profile at another user, audited with who, when, from, to, reason and role', async () => {
      const { address, userId, profileId } = await profileOfNewUser();
      const other = await harness.addUser({ name: 'Grace Hopper' });
      const before = Date.now();
      const answer = await reassociate(profileId, other, 'she says she is Grace');

      expect(answer.profile).toMatchObject({
        profileId,
        address,
        active: true,
        userId: other,
        user: { userId: other, name: 'Grace Hopper', active: true },
        requesterUserId: other,
      });
      expect(answer.profile.verifiedAt).not.toBeNull();
      expect(answer.audit).toMatchObject({
        profileId,
        action: 'reassociated',
        fromUserId: userId,
        toUserId: other,
        actor: AGENT,
        reason: 'she says she is Grace',
        undoesAuditId: null,
        undoneByAuditId: null,
      });
      const when = Date.parse(answer.audit!.occurredAt);
      expect(when).toBeGreaterThanOrEqual(before - 1_000);
      expect(when).toBeLessThanOrEqual(Date.now() + 1_000);

      expect(await history(profileId)).toEqual([answer.audit]);
      expect(await harness.ask(queries.getProfile, { profileId })).toEqual(answer.profile);
    });

    it('P5: publishes profile.messaging-profile.reassociated.v1 with the requester interactions show', async () => {
      const { address, userId, profileId } = await profileOfNewUser();
      const other = await harness.addUser();
      const answer = await reassociate(profileId, other);
      const [event] = await harness.tap.waitFor(
        'profile.messaging-profile.reassociated.v1',
        (e) => e.data.profileId === profileId,
      );
      expect(event!.data).toEqual({
        profileId,
        channel: 'sms',
        address,
        fromUserId: userId,
        toUserId: other,
        requesterUserId: other,
        auditId: answer.audit!.auditId,
        actor: AGENT,
        reason: 'the requester told me',
        undoesAuditId: null,
        occurredAt: expect.any(String),
      });
    });

    it.each([
      ['null', null],
      ['its id', GUEST_USER_ID],
    ])('P5: points the profile at the guest, asked as %s', async (_, guest) => {
      const { userId, profileId } = await profileOfNewUser();
      const answer = await reassociate(profileId, guest);
      expect(answer.profile).toMatchObject({ userId: null, user: null, requesterUserId: GUEST_USER_ID });
      expect(answer.audit).toMatchObject({ fromUserId: userId, toUserId: null });
      const [event] = await harness.tap.waitFor(
        'profile.messaging-profile.reassociated.v1',
        (e) => e.data.profileId === profileId,
      );
      expect(event!.data).toMatchObject({ toUserId: null, requesterUserId: GUEST_USER_ID });
    });

    it('P5: confirming the user an unverified profile has verifies it, audited; confirming again changes nothing', async () => {
      const { userId, profileId } = await profileOfNewUser();
      const confirmed = await reassociate(profileId, userId, 'checked with the requester');
      expect(confirmed.profile).toMatchObject({ userId, verifiedAt: expect.any(String) as string });
      expect(confirmed.audit).toMatchObject({ fromUserId: userId, toUserId: userId, action: 'reassociated' });
      expect(await harness.published('profile.messaging-profile.reassociated.v1', profileId)).toBe(1);

      const again = await reassociate(profileId, userId);
      expect(again).toEqual({ profile: confirmed.profile, audit: null });
      expect(await history(profileId)).toHaveLength(1);
      expect(await harness.published('profile.messaging-profile.reassociated.v1', profileId)).toBe(1);
    });

    it('P4 then P5: an agent confirms a flagged profile without changing its user; the flag goes', async () => {
      const { address, userId, profileId } = await profileOfNewUser();
      await harness.addUser({ phones: [address] });
      expect((await harness.resolve(address)).data).toMatchObject({
        identityConflict: true,
        identityConflictReason: 'several_users',
      });
      const { audit } = await reassociate(profileId, userId, 'it is the first one');
      const resolved = await harness.resolve(address);
      expect(resolved.data).toMatchObject({
        requesterUserId: userId,
        identityConflict: false,
        rule: 'verified',
        profileChangeId: audit!.auditId,
      });
    });

    it('P5: after a correction the next message resolves to the new user, with no conflict, though the directory disagrees', async () => {
      const { address, userId, profileId } = await profileOfNewUser();
      const other = await harness.addUser();
      await reassociate(profileId, other);
      const resolved = await harness.resolve(address);
      expect(resolved.data).toMatchObject({
        profileId,
        userId: other,
        requesterUserId: other,
        identityConflict: false,
        identityConflictReason: null,
        rule: 'verified',
      });
      // The directory still gives the number to the first user.
      const lookup = await harness.ask(queries.lookupRequester, { address });
      expect(lookup.directoryUsers.map((user) => user.userId)).toEqual([userId]);
      expect(lookup).toMatchObject({ rule: 'verified', requesterUserId: other, identityConflict: false });
    });

    it('P5: an unknown profile is PROFILE_NOT_FOUND (404)', async () => {
      await expect(reassociate(uuidv7(), null)).rejects.toMatchObject({
        code: 'PROFILE_NOT_FOUND',
        status: 404,
      });
    });

    it.each([
      ['an unknown uuid', uuidv7()],
      ['a text that is no uuid', 'ada.lovelace'],
    ])('P5: a user who is not in the directory (%s) is USER_NOT_FOUND (404)', async (_, user) => {
      const { profileId, userId } = await profileOfNewUser();
      const attempt = reassociate(profileId, user);
      await expect(attempt).rejects.toBeInstanceOf(QueryError);
      await expect(attempt).rejects.toMatchObject({ code: 'USER_NOT_FOUND', status: 404 });
      expect((await harness.ask(queries.getProfile, { profileId })).userId).toBe(userId);
      expect(await history(profileId)).toEqual([]);
    });

    it('P5: a deactivated user is USER_INACTIVE (409)', async () => {
      const { profileId } = await profileOfNewUser();
      const gone = await harness.addUser({ active: false });
      await expect(reassociate(profileId, gone)).rejects.toMatchObject({
        code: 'USER_INACTIVE',
        status: 409,
      });
    });

    it('P5: a profile replaced by A4 is PROFILE_INACTIVE (409)', async () => {
      const { address, profileId } = await profileOfNewUser();
      const other = await harness.addUser();
      await harness.ask(queries.replaceProfile, { address, userId: other, actor: AGENT, reason: 'A4' });
      await expect(reassociate(profileId, null)).rejects.toMatchObject({
        code: 'PROFILE_INACTIVE',
        status: 409,
      });
    });
  });

  it('an unknown profile has no view and no history: PROFILE_NOT_FOUND (404)', async () => {
    await expect(harness.ask(queries.getProfile, { profileId: uuidv7() })).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
      status: 404,
    });
    await expect(history(uuidv7())).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND', status: 404 });
  });

  describe('P5: undo (profile.messaging-profile.undo.v1)', () => {
    it('P5: restores the previous user as a new audited change; history links the two', async () => {
      const { userId, profileId } = await profileOfNewUser();
      const other = await harness.addUser();
      const change = await reassociate(profileId, other);
      const undone = await undo(profileId, change.audit!.auditId, 'it was her after all');

      expect(undone.profile).toMatchObject({ userId, requesterUserId: userId });
      expect(undone.audit).toMatchObject({
        action: 'reassociated',
        fromUserId: other,
        toUserId: userId,
        actor: MANAGER,
        reason: 'it was her after all',
        undoesAuditId: change.audit!.auditId,
        undoneByAuditId: null,
      });
      const entries = await history(profileId);
      expect(entries.map((entry) => entry.auditId)).toEqual([undone.audit!.auditId, change.audit!.auditId]);
      expect(entries[1]).toEqual({ ...change.audit, undoneByAuditId: undone.audit!.auditId });

      const [event] = await harness.tap.waitFor(
        'profile.messaging-profile.reassociated.v1',
        (e) => e.data.auditId === undone.audit!.auditId,
      );
      expect(event!.data).toMatchObject({
        fromUserId: other,
        toUserId: userId,
        requesterUserId: userId,
        undoesAuditId: change.audit!.auditId,
      });
    });

    it('P5: undoing a change to the guest puts the user back', async () => {
      const { userId, profileId } = await profileOfNewUser();
      const change = await reassociate(profileId, null);
      const undone = await undo(profileId, change.audit!.auditId);
      expect(undone.profile).toMatchObject({ userId, requesterUserId: userId });
    });

    it('P5: a second undo of the same change is ALREADY_UNDONE (409)', async () => {
      const { profileId } = await profileOfNewUser();
      const change = await reassociate(profileId, await harness.addUser());
      await undo(profileId, change.audit!.auditId);
      await expect(undo(profileId, change.audit!.auditId)).rejects.toMatchObject({
        code: 'ALREADY_UNDONE',
        status: 409,
      });
    });

    it('P5: two agents undoing the same change at once: exactly one succeeds', async () => {
      const { userId, profileId } = await profileOfNewUser();
      const change = await reassociate(profileId, await harness.addUser());
      const outcomes = await Promise.allSettled([
        undo(profileId, change.audit!.auditId),
        undo(profileId, change.audit!.auditId),
        undo(profileId, change.audit!.auditId),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
        expect(outcome.reason).toMatchObject({ code: 'ALREADY_UNDONE', status: 409 });
      }
      expect((await harness.ask(queries.getProfile, { profileId })).userId).toBe(userId);
      expect(await history(profileId)).toHaveLength(2);
      expect(await harness.published('profile.messaging-profile.reassociated.v1', profileId)).toBe(2);
    });

    it('P5: a change followed by a later one is CHANGED_SINCE (409), and the later one can be undone', async () => {
      const { profileId } = await profileOfNewUser();
      const second = await harness.addUser();
      const third = await harness.addUser();
      const first = await reassociate(profileId, second);
      const later = await reassociate(profileId, third);
      await expect(undo(profileId, first.audit!.auditId)).rejects.toMatchObject({
        code: 'CHANGED_SINCE',
        status: 409,
      });
      expect((await harness.ask(queries.getProfile, { profileId })).userId).toBe(third);
      await undo(profileId, later.audit!.auditId);
      // With the later change undone, the first one is the profile's latest again.
      const undone = await undo(profileId, first.audit!.auditId);
      expect(undone.profile.userId).toBe(first.audit!.fromUserId);
    });

    it('P5: undoing when the user to restore was deactivated since is USER_INACTIVE (409)', async () => {
      const { userId, profileId } = await profileOfNewUser();
      const change = await reassociate(profileId, await harness.addUser());
      await harness.setUserActive(userId, false);
      await expect(undo(profileId, change.audit!.auditId)).rejects.toMatchObject({
        code: 'USER_INACTIVE',
        status: 409,
      });
    });

    it('P5: an unknown entry is AUDIT_NOT_FOUND (404)', async () => {
      const { profileId } = await profileOfNewUser();
      await expect(undo(profileId, uuidv7())).rejects.toMatchObject({ code: 'AUDIT_NOT_FOUND', status: 404 });
    });

    it("P5: another profile's entry is AUDIT_NOT_FOUND (404), and neither profile changes", async () => {
      const mine = await profileOfNewUser();
      const theirs = await profileOfNewUser();
      const change = await reassociate(theirs.profileId, null);
      await expect(undo(mine.profileId, change.audit!.auditId)).rejects.toMatchObject({
        code: 'AUDIT_NOT_FOUND',
        status: 404,
      });
      expect((await harness.ask(queries.getProfile, { profileId: mine.profileId })).userId).toBe(mine.userId);
      expect((await harness.ask(queries.getProfile, { profileId: theirs.profileId })).userId).toBeNull();
    });

    it('P5: an unknown profile is PROFILE_NOT_FOUND (404)', async () => {
      await expect(undo(uuidv7(), uuidv7())).rejects.toMatchObject({
        code: 'PROFILE_NOT_FOUND',
        status: 404,
      });
    });

    it('P5: the created and deactivated entries of an A4 replacement are NOT_UNDOABLE (409)', async () => {
      const { address, profileId: oldProfileId } = await profileOfNewUser();
      const replaced = await harness.ask(queries.replaceProfile, {
        address,
        userId: await harness.addUser(),
        actor: AGENT,
        reason: 'A4',
      });
      const [deactivation] = await history(oldProfileId);
      expect(deactivation).toMatchObject({ action: 'deactivated' });
      await expect(undo(replaced.profile.profileId, replaced.audit.auditId)).rejects.toMatchObject({
        code: 'NOT_UNDOABLE',
        status: 409,
      });
      await expect(undo(oldProfileId, deactivation!.auditId)).rejects.toMatchObject({
        code: 'NOT_UNDOABLE',
        status: 409,
      });
    });

    it('P5: a re-association of a profile replaced since is PROFILE_INACTIVE (409)', async () => {
      const { address, profileId } = await profileOfNewUser();
      const change = await reassociate(profileId, null);
      await harness.ask(queries.replaceProfile, {
        address,
        userId: await harness.addUser(),
        actor: AGENT,
        reason: 'A4',
      });
      await expect(undo(profileId, change.audit!.auditId)).rejects.toMatchObject({
        code: 'PROFILE_INACTIVE',
        status: 409,
      });
    });
  });

  describe('A4: replacing the profile of a number (profile.messaging-profile.replace.v1)', () => {
    function replace(address: string, userId: string, reason = 'contacting the account owner') {
      return harness.ask(queries.replaceProfile, { address, userId, actor: AGENT, reason });
    }

    it('A4: the old profile is kept inactive and a new verified one points at the intended user, both audited', async () => {
      const { address, userId, profileId: oldProfileId } = await profileOfNewUser();
      const intended = await harness.addUser({ name: 'Intended User' });
      const answer = await replace(address, intended);

      expect(answer.deactivatedProfileId).toBe(oldProfileId);
      expect(answer.profile).toMatchObject({
        address,
        active: true,
        userId: intended,
        user: { userId: intended, name: 'Intended User' },
        requesterUserId: intended,
      });
      expect(answer.profile.profileId).not.toBe(oldProfileId);
      expect(answer.profile.verifiedAt).not.toBeNull();
      expect(answer.audit).toMatchObject({
        profileId: answer.profile.profileId,
        action: 'created',
        fromUserId: userId,
        toUserId: intended,
        actor: AGENT,
        reason: 'contacting the account owner',
      });
      expect(await history(answer.profile.profileId)).toEqual([answer.audit]);

      const old = await harness.ask(queries.getProfile, { profileId: oldProfileId });
      expect(old).toMatchObject({ active: false, userId });
      const oldHistory = await history(oldProfileId);
      expect(oldHistory).toEqual([
        expect.objectContaining({
          action: 'deactivated',
          fromUserId: userId,
          toUserId: null,
          actor: AGENT,
          reason: 'contacting the account owner',
        }),
      ]);
      const [active] = await harness.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM messaging_profile WHERE address = $1 AND active`,
        [address],
      );
      expect(active).toEqual({ n: 1 });
    });

    it('A4: publishes the deactivation of the old profile and the creation of the new one (rule A4)', async () => {
      const { address, userId, profileId: oldProfileId } = await profileOfNewUser();
      const intended = await harness.addUser();
      const answer = await replace(address, intended);
      const [deactivated] = await harness.tap.waitFor(
        'profile.messaging-profile.deactivated.v1',
        (e) => e.data.profileId === oldProfileId,
      );
      const [created] = await harness.tap.waitFor(
        'profile.messaging-profile.created.v1',
        (e) => e.data.profileId === answer.profile.profileId,
      );
      const [deactivation] = await history(oldProfileId);
      expect(deactivated!.data).toEqual({
        profileId: oldProfileId,
        channel: 'sms',
        address,
        userId,
        auditId: deactivation!.auditId,
        actor: AGENT,
        reason: 'contacting the account owner',
        replacedByProfileId: answer.profile.profileId,
        occurredAt: expect.any(String),
      });
      expect(created!.data).toEqual({
        profileId: answer.profile.profileId,
        channel: 'sms',
        address,
        userId: intended,
        requesterUserId: intended,
        rule: 'A4',
        auditId: answer.audit.auditId,
      });
    });

    it('A4: the next message of the number resolves to the intended user, verified, though the directory disagrees', async () => {
      const { address } = await profileOfNewUser();
      const intended = await harness.addUser();
      const answer = await replace(address, intended);
      const resolved = await harness.resolve(address);
      expect(resolved.data).toMatchObject({
        profileId: answer.profile.profileId,
        requesterUserId: intended,
        identityConflict: false,
        rule: 'verified',
      });
    });

    it('A4: an address in national format is normalised', async () => {
      const { address, profileId } = await profileOfNewUser();
      const answer = await replace(nationalUs(address), await harness.addUser());
      expect(answer.profile.address).toBe(address);
      expect(answer.deactivatedProfileId).toBe(profileId);
    });

    it('A4: a number with no profile yet gets its first one', async () => {
      const address = freshNumber();
      const intended = await harness.addUser();
      const answer = await replace(address, intended);
      expect(answer.deactivatedProfileId).toBeNull();
      expect(answer.profile).toMatchObject({ address, active: true, userId: intended });
      expect(answer.audit).toMatchObject({ action: 'created', fromUserId: null, toUserId: intended });
      expect(
        await harness.published('profile.messaging-profile.deactivated.v1', answer.profile.profileId),
      ).toBe(0);
    });

    it('A4: text that is not a phone number is PHONE_NUMBER_INVALID (400)', async () => {
      const attempt = replace('call me maybe', await harness.addUser());
      await expect(attempt).rejects.toMatchObject({
        code: 'PHONE_NUMBER_INVALID',
        status: 400,
        details: { field: 'address' },
      });
    });

    it('A4: an unknown user is USER_NOT_FOUND (404) and a deactivated one USER_INACTIVE (409); nothing changes', async () => {
      const { address, profileId } = await profileOfNewUser();
      await expect(replace(address, uuidv7())).rejects.toMatchObject({ code: 'USER_NOT_FOUND', status: 404 });
      await expect(replace(address, await harness.addUser({ active: false }))).rejects.toMatchObject({
        code: 'USER_INACTIVE',
        status: 409,
      });
      expect(await harness.ask(queries.getProfile, { profileId })).toMatchObject({ active: true });
    });
  });
});
