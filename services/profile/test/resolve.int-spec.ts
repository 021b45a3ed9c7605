import { createEnvelope, queries } from '@threadline/contracts';
import { inboundSms } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { GUEST_USER_ID } from '../src/domain/guest-user';
import { DEMO_USERS, seedDemoDirectory } from '../src/seed';
import { freshNumber, nationalUs, ProfileHarness } from './support/profile-harness';

function inbound(from: string) {
  return createEnvelope('sms.inbound.received.v1', inboundSms({ from }));
}

describe('profile: resolving the requester of an inbound SMS', () => {
  let harness: ProfileHarness;

  beforeAll(async () => {
    // Numbers written without a country code, as in the directory, are read as US numbers.
    harness = await ProfileHarness.start({ SMS_DEFAULT_REGION: 'US' });
    await harness.db.transaction((manager) => seedDemoDirectory(manager));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function resolve(from: string) {
    const envelope = inbound(from);
    await harness.tap.publish(envelope);
    const [resolved] = await harness.tap.waitFor(
      'profile.requester.resolved.v1',
      (event) => event.data.message.messageId === envelope.data.messageId,
    );
    return { envelope, resolved: resolved! };
  }

  async function removeNumber(userId: string, address: string): Promise<void> {
    await harness.db.query(`DELETE FROM directory_user_phone WHERE user_id = $1 AND address = $2`, [
      userId,
      address,
    ]);
  }

  async function addNumber(userId: string, address: string): Promise<void> {
    await harness.db.query(
      `INSERT INTO directory_user_phone (user_id, address, kind) VALUES ($1, $2, 'other')`,
      [userId, address],
    );
  }

  it('P1: a number on one directory user gets a profile linked to that user, who is the requester', async () => {
    const ada = DEMO_USERS[0]!;
    const { envelope, resolved } = await resolve(ada.mobile);
    expect(resolved.data).toMatchObject({
      address: ada.mobile,
      userId: ada.id,
      requesterUserId: ada.id,
      identityConflict: false,
      identityConflictReason: null,
      rule: 'P1',
      message: envelope.data,
    });
    expect(resolved.causationId).toBe(envelope.id);
  });

  it('P1: the next message of that number uses the same profile', async () => {
    const grace = DEMO_USERS[1]!;
    const first = await resolve(grace.mobile);
    const second = await resolve(grace.mobile);
    expect(second.resolved.data.profileId).toBe(first.resolved.data.profileId);
    expect(second.resolved.data).toMatchObject({ rule: 'agreed', identityConflict: false });
  });

  it('P1: profile.messaging-profile.created.v1 is published once for a new profile, with the rule', async () => {
    const address = freshNumber();
    const userId = await harness.addUser({ phones: [address] });
    const first = await resolve(address);
    await resolve(address);
    await resolve(address);
    const [created] = await harness.tap.waitFor(
      'profile.messaging-profile.created.v1',
      (event) => event.data.address === address,
    );
    expect(created!.data).toEqual({
      profileId: first.resolved.data.profileId,
      channel: 'sms',
      address,
      userId,
      requesterUserId: userId,
      rule: 'P1',
      auditId: null,
    });
    expect(created!.causationId).toBe(first.envelope.id);
    // Every resolution above committed with its outbox rows: there is no second one to come.
    expect(await harness.published('profile.messaging-profile.created.v1', created!.data.profileId)).toBe(1);
  });

  it('P1: a number the directory writes in national format matches the inbound E.164 number', async () => {
    const address = freshNumber();
    const importId = uuidv7();
    await harness.ask(queries.beginImport, {
      importId,
      format: 'csv',
      fileName: 'people.csv',
      requestedBy: 'admin-ann',
      totalRows: 1,
    });
    const written = nationalUs(address);
    expect(written).toMatch(/^\(555\) \d{3}-\d{4}$/);
    const chunk = await harness.ask(queries.importChunk, {
      importId,
      chunkIndex: 0,
      rows: [{ rowNumber: 1, fields: { externalId: `emp-${importId}`, name: 'Nat Ional', mobile: written } }],
      unreadable: [],
    });
    expect(chunk.rejections).toEqual([]);
    const [user] = await harness.db.query<Array<{ id: string }>>(
      `SELECT id FROM directory_user WHERE external_id = $1`,
      [`emp-${importId}`],
    );

    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      address,
      userId: user!.id,
      requesterUserId: user!.id,
      identityConflict: false,
      rule: 'P1',
    });
  });

  it('P2: a profile exists and no directory user has the number any more: the profile as it is', async () => {
    const address = freshNumber();
    const userId = await harness.addUser({ phones: [address] });
    const first = await resolve(address);
    await removeNumber(userId, address);
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      profileId: first.resolved.data.profileId,
      userId,
      requesterUserId: userId,
      identityConflict: false,
      identityConflictReason: null,
      rule: 'P2',
    });
  });

  it('P2: a guest profile and still no directory user: the guest, no conflict', async () => {
    const address = freshNumber();
    const first = await resolve(address);
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      profileId: first.resolved.data.profileId,
      userId: null,
      requesterUserId: GUEST_USER_ID,
      identityConflict: false,
      rule: 'P2',
    });
  });

  it('P3: an unknown number gets a profile with no user, and the guest user is the requester', async () => {
    const { resolved } = await resolve('+15557770001');
    expect(resolved.data).toMatchObject({
      userId: null,
      requesterUserId: GUEST_USER_ID,
      identityConflict: false,
      rule: 'P3',
    });
    const [profile] = await harness.db.query<Array<{ user_id: string | null }>>(
      `SELECT user_id FROM messaging_profile WHERE address = $1 AND active`,
      ['+15557770001'],
    );
    expect(profile).toEqual({ user_id: null });
    const [created] = await harness.tap.waitFor(
      'profile.messaging-profile.created.v1',
      (event) => event.data.address === '+15557770001',
    );
    expect(created!.data).toMatchObject({ userId: null, requesterUserId: GUEST_USER_ID, rule: 'P3' });
  });

  it('P3: the guest user exists exactly once, and unknown numbers all point to it', async () => {
    const first = await resolve(freshNumber());
    const second = await resolve(freshNumber());
    expect(first.resolved.data.requesterUserId).toBe(GUEST_USER_ID);
    expect(second.resolved.data.requesterUserId).toBe(GUEST_USER_ID);
    expect(first.resolved.data.profileId).not.toBe(second.resolved.data.profileId);
    const guests = await harness.db.query<Array<{ id: string }>>(
      `SELECT id FROM directory_user WHERE is_guest`,
    );
    expect(guests).toEqual([{ id: GUEST_USER_ID }]);
  });

  it('P4: a number on two directory users is flagged as an identity conflict and linked to nobody', async () => {
    const shared = '+15557770002';
    await harness.db.query(`INSERT INTO directory_user_phone (user_id, address) VALUES ($1, $3), ($2, $3)`, [
      DEMO_USERS[0]!.id,
      DEMO_USERS[2]!.id,
      shared,
    ]);
    const { resolved } = await resolve(shared);
    expect(resolved.data).toMatchObject({
      userId: null,
      requesterUserId: GUEST_USER_ID,
      identityConflict: true,
      identityConflictReason: 'several_users',
      rule: 'P4',
    });
    const [created] = await harness.tap.waitFor(
      'profile.messaging-profile.created.v1',
      (event) => event.data.address === shared,
    );
    expect(created!.data).toMatchObject({ userId: null, rule: 'P4' });
  });

  it('P4: the directory disagrees (number now on user A, profile points to B): keep B, flag it', async () => {
    const address = freshNumber();
    const userB = await harness.addUser({ phones: [address] });
    const first = await resolve(address);
    const userA = await harness.addUser();
    await removeNumber(userB, address);
    await addNumber(userA, address);
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      profileId: first.resolved.data.profileId,
      userId: userB,
      requesterUserId: userB,
      identityConflict: true,
      identityConflictReason: 'directory_disagrees',
      rule: 'P4',
    });
  });

  it('P4: a profile of one user, and the number now also on another: keep it, flag several users', async () => {
    const address = freshNumber();
    const owner = await harness.addUser({ phones: [address] });
    await resolve(address);
    await addNumber(await harness.addUser(), address);
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      userId: owner,
      requesterUserId: owner,
      identityConflict: true,
      identityConflictReason: 'several_users',
      rule: 'P4',
    });
  });

  it('P3: a deactivated directory user does not vouch for a number: a guest profile, no conflict', async () => {
    const address = freshNumber();
    await harness.addUser({ phones: [address], active: false });
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      userId: null,
      requesterUserId: GUEST_USER_ID,
      identityConflict: false,
      rule: 'P3',
    });
  });

  it('P1: a deactivated user next to an active one with the same number: the active one, no conflict', async () => {
    const address = freshNumber();
    await harness.addUser({ phones: [address], active: false });
    const active = await harness.addUser({ phones: [address] });
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({ userId: active, identityConflict: false, rule: 'P1' });
  });

  it('P4: a profile whose user was deactivated in the directory shows the guest, flagged', async () => {
    const address = freshNumber();
    const userId = await harness.addUser({ phones: [address] });
    const first = await resolve(address);
    await harness.setUserActive(userId, false);
    const { resolved } = await resolve(address);
    expect(resolved.data).toMatchObject({
      profileId: first.resolved.data.profileId,
      userId,
      requesterUserId: GUEST_USER_ID,
      identityConflict: true,
      identityConflictReason: 'profile_user_inactive',
      rule: 'P4',
    });
    const profile = await harness.ask(queries.getProfile, { profileId: first.resolved.data.profileId });
    expect(profile).toMatchObject({
      userId,
      user: { userId, active: false },
      requesterUserId: GUEST_USER_ID,
    });
  });

  it('P3: twenty first messages of one unknown number at the same instant make one profile', async () => {
    const from = '+15557770003';
    const envelopes = Array.from({ length: 20 }, () => inbound(from));
    await Promise.all(envelopes.map((envelope) => harness.tap.publish(envelope)));
    const resolved = await harness.tap.waitFor(
      'profile.requester.resolved.v1',
      (event) => event.data.address === from,
      20,
    );
    expect(new Set(resolved.map((event) => event.data.profileId)).size).toBe(1);
    const [count] = await harness.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM messaging_profile WHERE address = $1`,
      [from],
    );
    expect(count).toEqual({ n: 1 });
    expect(await harness.published('profile.messaging-profile.created.v1', resolved[0]!.data.profileId)).toBe(
      1,
    );
  });
});
