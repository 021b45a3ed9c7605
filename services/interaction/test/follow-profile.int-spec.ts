import { createEnvelope, type EnvelopeOf, type PayloadOf } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { interactionService } from '../src/interaction.service';

const COMPANY = '+15550100001';
const OTHER_COMPANY = '+15550100002';
const GUEST = '01970000-0000-7000-8000-000000000001';
const ADA = '01970000-0000-7000-8000-00000000b001';
const GRACE = '01970000-0000-7000-8000-00000000b002';
const ALAN = '01970000-0000-7000-8000-00000000b003';
let phone = 5558000000;

function nextPhone(): string {
  return `+1${++phone}`;
}

interface InteractionRow {
  requester_user_id: string;
  identity_conflict: boolean;
  identity_conflict_reason: string | null;
  requester_audit_id: string | null;
  state: string;
}

describe('interaction: open conversations follow a corrected messaging profile (SPEC P5)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await bootService(interactionService, environment);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'interaction.conversation.created.v1',
      'interaction.conversation.requester-changed.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  /** Opens an interaction as a P4 resolution of the profile's number would (guest, flagged). */
  async function openInteraction(
    profileId: string,
    from: string,
    to = COMPANY,
    profileChangeId: string | null = null,
  ): Promise<string> {
    await tap.publish(
      createEnvelope('profile.requester.resolved.v1', {
        profileId,
        address: from,
        userId: null,
        requesterUserId: GUEST,
        identityConflict: true,
        identityConflictReason: 'directory_disagrees',
        rule: 'P4',
        profileChangeId,
        message: inboundSms({ from, to }),
      }),
    );
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from && event.data.companyAddress === to,
    );
    return created!.data.interactionId;
  }

  function reassociated(
    profileId: string,
    address: string,
    toUserId: string | null,
    auditId = uuidv7(),
  ): EnvelopeOf<'profile.messaging-profile.reassociated.v1'> {
    const data: PayloadOf<'profile.messaging-profile.reassociated.v1'> = {
      profileId,
      channel: 'sms',
      address,
      fromUserId: null,
      toUserId,
      requesterUserId: toUserId ?? GUEST,
      auditId,
      actor: { kind: 'agent', id: 'agent-alice', role: 'agent' },
      reason: 'the requester told me',
      undoesAuditId: null,
      occurredAt: new Date().toISOString(),
    };
    return createEnvelope('profile.messaging-profile.reassociated.v1', data);
  }

  async function interaction(id: string): Promise<InteractionRow> {
    const [row] = await service.runtime.dataSource.query<InteractionRow[]>(
      `SELECT requester_user_id, identity_conflict, identity_conflict_reason, requester_audit_id, state
         FROM interaction WHERE id = $1`,
      [id],
    );
    return row!;
  }

  async function handled(...eventIds: string[]): Promise<void> {
    await eventually(async () => {
      const rows = await service.runtime.dataSource.query<unknown[]>(
        `SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])`,
        [eventIds],
      );
      expect(rows).toHaveLength(eventIds.length);
    });
  }

  async function requesterChangesFor(interactionId: string): Promise<number> {
    const [row] = await service.runtime.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox
        WHERE subject = 'interaction.conversation.requester-changed.v1' AND payload->'data'->>'interactionId' = $1`,
      [interactionId],
    );
    return row!.n;
  }

  it('P5: the open interaction of a corrected profile shows the new requester, its conflict settled', async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const interactionId = await openInteraction(profileId, from);
    expect(await interaction(interactionId)).toMatchObject({
      requester_user_id: GUEST,
      identity_conflict: true,
      identity_conflict_reason: 'directory_disagrees',
    });

    const change = reassociated(profileId, from, ADA);
    await tap.publish(change);
    const [changed] = await tap.waitFor(
      'interaction.conversation.requester-changed.v1',
      (event) => event.data.interactionId === interactionId,
    );
    expect(changed!.data).toEqual({
      interactionId,
      profileId,
      requesterAddress: from,
      requesterUserId: ADA,
      identityConflict: false,
      identityConflictReason: null,
      auditId: change.data.auditId,
    });
    expect(changed!.correlationId).toBe(interactionId);
    expect(changed!.causationId).toBe(change.id);
    expect(await interaction(interactionId)).toEqual({
      requester_user_id: ADA,
      identity_conflict: false,
      identity_conflict_reason: null,
      requester_audit_id: change.data.auditId,
      state: 'new',
    });
  });

  it('P5: a change to the guest makes the guest the requester', async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const interactionId = await openInteraction(profileId, from);
    await tap.publish(reassociated(profileId, from, ADA));
    await tap.waitFor(
      'interaction.conversation.requester-changed.v1',
      (event) => event.data.interactionId === interactionId && event.data.requesterUserId === ADA,
    );
    await tap.publish(reassociated(profileId, from, null));
    await tap.waitFor(
      'interaction.conversation.requester-changed.v1',
      (event) => event.data.interactionId === interactionId && event.data.requesterUserId === GUEST,
    );
    expect(await interaction(interactionId)).toMatchObject({
      requester_user_id: GUEST,
      identity_conflict: false,
    });
  });

  it('P5: closed interactions of the profile are left as they were, with no event', async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const closed = await openInteraction(profileId, from, OTHER_COMPANY);
    await service.runtime.dataSource.query(
      `UPDATE interaction SET state = 'closed_complete', closed_at = now() WHERE id = $1`,
      [closed],
    );
    const open = await openInteraction(profileId, from, COMPANY);
    const before = await interaction(closed);

    const change = reassociated(profileId, from, GRACE);
    await tap.publish(change);
    await tap.waitFor(
      'interaction.conversation.requester-changed.v1',
      (event) => event.data.interactionId === open,
    );
    await handled(change.id);
    expect(await interaction(closed)).toEqual(before);
    expect(before).toMatchObject({ requester_user_id: GUEST, state: 'closed_complete' });
    expect(await requesterChangesFor(closed)).toBe(0);
  });

  it("P5: interactions of other profiles don't move", async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const bystander = await openInteraction(uuidv7(), nextPhone());
    await openInteraction(profileId, from);
    const change = reassociated(profileId, from, ADA);
    await tap.publish(change);
    await handled(change.id);
    expect(await interaction(bystander)).toMatchObject({
      requester_user_id: GUEST,
      requester_audit_id: null,
    });
    expect(await requesterChangesFor(bystander)).toBe(0);
  });

  it('P5: an older change delivered after a newer one does not win', async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const interactionId = await openInteraction(profileId, from);
    const older = reassociated(profileId, from, GRACE);
    const newer = reassociated(profileId, from, ALAN);
    expect(newer.data.auditId > older.data.auditId).toBe(true);

    await tap.publish(newer);
    await tap.waitFor(
      'interaction.conversation.requester-changed.v1',
      (event) => event.data.interactionId === interactionId,
    );
    await tap.publish(older);
    await handled(newer.id, older.id);
    expect(await interaction(interactionId)).toMatchObject({
      requester_user_id: ALAN,
      requester_audit_id: newer.data.auditId,
    });
    expect(await requesterChangesFor(interactionId)).toBe(1);
  });

  it('P5: an interaction opened after a newer change ignores an older change that arrives late', async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const older = reassociated(profileId, from, GRACE);
    const newer = reassociated(profileId, from, ALAN);
    // The resolution that opened it had already seen the newer change.
    const interactionId = await openInteraction(profileId, from, COMPANY, newer.data.auditId);
    expect(await interaction(interactionId)).toMatchObject({ requester_audit_id: newer.data.auditId });

    await tap.publish(older);
    await handled(older.id);
    expect(await interaction(interactionId)).toMatchObject({ requester_user_id: GUEST });
    expect(await requesterChangesFor(interactionId)).toBe(0);
  });

  it('P5: the same change published twice is applied and announced once', async () => {
    const profileId = uuidv7();
    const from = nextPhone();
    const interactionId = await openInteraction(profileId, from);
    const change = reassociated(profileId, from, ADA);
    // Another envelope, the same change (same audit id): as when the profile service republishes.
    const again = createEnvelope('profile.messaging-profile.reassociated.v1', change.data);
    await tap.publish(change);
    await tap.publish(again);
    await handled(change.id, again.id);
    expect(await interaction(interactionId)).toMatchObject({
      requester_user_id: ADA,
      requester_audit_id: change.data.auditId,
    });
    expect(await requesterChangesFor(interactionId)).toBe(1);
  });
});
