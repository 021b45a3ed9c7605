import { createEnvelope } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { GUEST_USER_ID } from '../src/domain/guest-user';
import { profileService } from '../src/profile.service';
import { DEMO_USERS, seedDemoDirectory } from '../src/seed';

function inbound(from: string) {
  return createEnvelope('sms.inbound.received.v1', inboundSms({ from }));
}

describe('profile: resolving the requester of an inbound SMS', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await bootService(profileService, environment);
    await service.runtime.dataSource.transaction((manager) => seedDemoDirectory(manager));
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'profile.requester.resolved.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  async function resolve(from: string) {
    const envelope = inbound(from);
    await tap.publish(envelope);
    const [resolved] = await tap.waitFor(
      'profile.requester.resolved.v1',
      (event) => event.data.message.messageId === envelope.data.messageId,
    );
    return { envelope, resolved: resolved! };
  }

  it('P1: a number on one directory user gets a profile linked to that user, who is the requester', async () => {
    const ada = DEMO_USERS[0]!;
    const { envelope, resolved } = await resolve(ada.mobile);
    expect(resolved.data).toMatchObject({
      address: ada.mobile,
      userId: ada.id,
      requesterUserId: ada.id,
      identityConflict: false,
      message: envelope.data,
    });
    expect(resolved.causationId).toBe(envelope.id);
  });

  it('P1: the next message of that number uses the same profile', async () => {
    const grace = DEMO_USERS[1]!;
    const first = await resolve(grace.mobile);
    const second = await resolve(grace.mobile);
    expect(second.resolved.data.profileId).toBe(first.resolved.data.profileId);
  });

  it('P3: an unknown number gets a profile with no user, and the guest user is the requester', async () => {
    const { resolved } = await resolve('+15557770001');
    expect(resolved.data).toMatchObject({
      userId: null,
      requesterUserId: GUEST_USER_ID,
      identityConflict: false,
    });
    const [profile] = await service.runtime.dataSource.query<Array<{ user_id: string | null }>>(
      `SELECT user_id FROM messaging_profile WHERE address = $1 AND active`,
      ['+15557770001'],
    );
    expect(profile).toEqual({ user_id: null });
  });

  it('P4: a number on two directory users is flagged as an identity conflict and linked to nobody', async () => {
    const shared = '+15557770002';
    await service.runtime.dataSource.query(
      `INSERT INTO directory_user_phone (user_id, address) VALUES ($1, $3), ($2, $3)`,
      [DEMO_USERS[0]!.id, DEMO_USERS[2]!.id, shared],
    );
    const { resolved } = await resolve(shared);
    expect(resolved.data).toMatchObject({
      userId: null,
      requesterUserId: GUEST_USER_ID,
      identityConflict: true,
    });
  });

  it('two first messages of one unknown number at the same instant make one profile', async () => {
    const from = '+15557770003';
    const envelopes = Array.from({ length: 20 }, () => inbound(from));
    await Promise.all(envelopes.map((envelope) => tap.publish(envelope)));
    const resolved = await tap.waitFor(
      'profile.requester.resolved.v1',
      (event) => event.data.address === from,
      20,
    );
    expect(new Set(resolved.map((event) => event.data.profileId)).size).toBe(1);
    const [count] = await service.runtime.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM messaging_profile WHERE address = $1`,
      [from],
    );
    expect(count).toEqual({ n: 1 });
  });
});
