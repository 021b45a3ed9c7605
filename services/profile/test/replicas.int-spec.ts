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

/** Messages a replica's consumer of inbound SMS handled (its own metrics registry). */
async function handledBy(replica: RunningService): Promise<number> {
  const { values } = await replica.runtime.metrics.consumed.get();
  return values
    .filter((value) => value.labels.outcome === 'handled')
    .reduce((sum, value) => sum + value.value, 0);
}

describe('profile: two replicas sharing one schema and one NATS namespace', () => {
  let environment: IsolatedEnvironment;
  let replicas: RunningService[] = [];
  let tap: MessageTap;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // Started together: they also take turns on migrations and provisioning.
    replicas = await Promise.all([
      bootService(profileService, environment),
      bootService(profileService, environment),
    ]);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'profile.requester.resolved.v1',
      'profile.messaging-profile.created.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await environment?.dispose();
  });

  it('P3: 24 first messages of one unknown number at once, across both replicas, make one profile', async () => {
    const from = '+15557770100';
    const envelopes = Array.from({ length: 24 }, () =>
      createEnvelope('sms.inbound.received.v1', inboundSms({ from })),
    );
    await Promise.all(envelopes.map((envelope) => tap.publish(envelope)));

    const resolved = await tap.waitFor(
      'profile.requester.resolved.v1',
      (event) => event.data.address === from,
      envelopes.length,
      { timeoutMs: 20_000 },
    );
    expect(resolved.map((event) => event.data.message.messageId).sort()).toEqual(
      envelopes.map((envelope) => envelope.data.messageId).sort(),
    );
    const profileIds = new Set(resolved.map((event) => event.data.profileId));
    expect(profileIds.size).toBe(1);
    expect(resolved.every((event) => event.data.requesterUserId === GUEST_USER_ID)).toBe(true);

    const db = replicas[0]!.runtime.dataSource;
    const profiles = await db.query<Array<{ id: string }>>(
      `SELECT id FROM messaging_profile WHERE address = $1`,
      [from],
    );
    expect(profiles).toEqual([{ id: [...profileIds][0] }]);
    const [created] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = 'profile.messaging-profile.created.v1'
          AND payload->'data'->>'address' = $1`,
      [from],
    );
    expect(created).toEqual({ n: 1 });

    // Both replicas are up, and the work was really shared between them.
    const handled = await Promise.all(replicas.map(handledBy));
    expect(handled[0]! + handled[1]!).toBe(envelopes.length);
    expect(handled.every((count) => count > 0)).toBe(true);
    for (const replica of replicas) {
      expect(await replica.runtime.readiness()).toMatchObject({ ready: true });
    }
  });
});
