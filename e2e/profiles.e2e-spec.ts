import { type AgentClient, eventually } from '@threadline/testkit';
import { type Conversation, type ErrorBody, type Offer, openConversation } from './support/agent-api';
import { ADA, GRACE, GUEST_USER_ID, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

interface Profile {
  profileId: string;
  address: string;
  userId: string | null;
  requesterUserId: string;
  verifiedAt: string | null;
}
interface AuditEntry {
  auditId: string;
  action: string;
  fromUserId: string | null;
  toUserId: string | null;
  actor: { kind: string; id: string | null; role: string | null };
  reason: string;
  undoesAuditId: string | null;
  undoneByAuditId: string | null;
}
interface ImportStatus {
  importId: string;
  state: string;
  totalRows: number;
  processedRows: number;
  acceptedRows: number;
  rejectedRows: number;
}
interface ImportPage {
  status: ImportStatus;
  rejections: Array<{ rowNumber: number; field: string; reason: string }>;
}

/**
 * SPEC P1–P5 through the running system: six services and the provider simulator as
 * processes, driven only through the provider's webhook, the agents' REST API and sockets.
 */
describe('messaging profiles and the directory, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let bob: AgentClient;
  let maria: AgentClient;
  let admin: AgentClient;

  beforeAll(async () => {
    demo = await startDemoSystem();
    [alice, bob, maria, admin] = await Promise.all([
      demo.loginAvailable('alice'),
      demo.login('bob'),
      demo.login('maria'),
      demo.login('admin'),
    ]);
  });

  afterAll(() => demo?.stop());

  /** A requester texts Support; alice is offered the new interaction and accepts it. */
  async function textAndAccept(from: string, body: string): Promise<Conversation> {
    await demo.simulator.sendSms(from, SUPPORT, body);
    const offered = await alice.waitForEvent('offer.created', (data) => data.requesterAddress === from);
    const offer = offered.data as unknown as Offer;
    await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
    return eventually(async () => {
      const detail = await openConversation(alice, offer.interactionId);
      if (!detail.interaction.profileId) throw new Error('the conversation has no profile yet');
      return detail.interaction;
    });
  }

  async function upload(agent: AgentClient, contentType: string, body: string) {
    const answer = await fetch(`${demo.urls['agent-gateway']}/directory/imports?fileName=e2e`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': contentType },
      body,
    });
    return { status: answer.status, body: (await answer.json()) as ImportStatus & ErrorBody };
  }

  async function importAndWait(contentType: string, body: string): Promise<ImportPage> {
    const started = await upload(admin, contentType, body);
    expect(started.status).toBe(202);
    return eventually(async () => {
      const page = await admin.expect<ImportPage>(200, 'GET', `/directory/imports/${started.body.importId}`);
      expect(page.status.state).toBe('completed');
      return page;
    });
  }

  describe('P3 then P5: an unknown requester, corrected by the agent who holds the conversation', () => {
    const PHONE = '+15557100001';
    let conversation: Conversation;
    let correction: AuditEntry;

    it('P3: an unknown number is the guest, with a profile that has no user', async () => {
      conversation = await textAndAccept(PHONE, 'hello, it is Grace on a new phone');
      expect(conversation).toMatchObject({ requesterUserId: GUEST_USER_ID, identityConflict: false });
      const profile = await alice.expect<Profile>(200, 'GET', `/profiles/${conversation.profileId}`);
      expect(profile).toMatchObject({ address: PHONE, userId: null, requesterUserId: GUEST_USER_ID });
    });

    it('P5: an agent who does not hold an interaction of the number gets 403 and changes nothing', async () => {
      const answer = await bob.call<ErrorBody>('PUT', `/profiles/${conversation.profileId}/user`, {
        userId: GRACE.id,
        reason: 'I think this is Grace',
      });
      expect(answer.status).toBe(403);
      expect((await bob.call('GET', `/profiles/${conversation.profileId}`)).status).toBe(403);
      const profile = await alice.expect<Profile>(200, 'GET', `/profiles/${conversation.profileId}`);
      expect(profile.userId).toBeNull();
    });

    it('P5: alice re-associates the profile with Grace; the open interaction and her views follow', async () => {
      const changed = await alice.expect<{ profile: Profile; audit: AuditEntry }>(
        200,
        'PUT',
        `/profiles/${conversation.profileId}/user`,
        { userId: GRACE.id, reason: 'she told me her name' },
      );
      correction = changed.audit;
      expect(changed.profile).toMatchObject({ userId: GRACE.id, requesterUserId: GRACE.id });
      expect(changed.profile.verifiedAt).not.toBeNull();
      await alice.waitForEvent(
        'interaction.updated',
        (data) => data.interactionId === conversation.interactionId && data.requesterUserId === GRACE.id,
      );
      const detail = await openConversation(alice, conversation.interactionId);
      expect(detail.interaction).toMatchObject({ requesterUserId: GRACE.id, identityConflict: false });
      const [row] = (
        await demo.db.query<{ requester_user_id: string }>(
          `SELECT requester_user_id FROM interaction.interaction WHERE id = $1`,
          [conversation.interactionId],
        )
      ).rows;
      expect(row?.requester_user_id).toBe(GRACE.id);
    });

    it('P5: later conversations of the number follow the correction', async () => {
      const lookup = await bob.expect<{ requesterUserId: string; rule: string; identityConflict: boolean }>(
        200,
        'GET',
        `/profiles/lookup?address=${encodeURIComponent('(555) 710-0001')}`,
      );
      expect(lookup).toMatchObject({ requesterUserId: GRACE.id, rule: 'verified', identityConflict: false });
    });

    it('P5: the change is audited (who, when, from, to, why)', async () => {
      const { entries } = await alice.expect<{ entries: AuditEntry[] }>(
        200,
        'GET',
        `/profiles/${conversation.profileId}/history`,
      );
      expect(entries[0]).toMatchObject({
        auditId: correction.auditId,
        action: 'reassociated',
        fromUserId: null,
        toUserId: GRACE.id,
        actor: { kind: 'agent', id: alice.agentId, role: 'agent' },
        reason: 'she told me her name',
      });
    });

    it('P5: a manager undoes it; the guest is back and the undo is audited', async () => {
      const undone = await maria.expect<{ profile: Profile; audit: AuditEntry }>(
        200,
        'POST',
        `/profiles/${conversation.profileId}/history/${correction.auditId}/undo`,
        { reason: 'Grace says it is not her number' },
      );
      expect(undone.profile.userId).toBeNull();
      expect(undone.audit).toMatchObject({ undoesAuditId: correction.auditId, toUserId: null });
      await eventually(async () => {
        const detail = await openConversation(alice, conversation.interactionId);
        expect(detail.interaction.requesterUserId).toBe(GUEST_USER_ID);
      });
      const again = await maria.call<ErrorBody>(
        'POST',
        `/profiles/${conversation.profileId}/history/${correction.auditId}/undo`,
        { reason: 'twice' },
      );
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('ALREADY_UNDONE');
    });
  });

  describe('the directory import, and numbers written in different ways', () => {
    it('an agent or a manager may not import: 403', async () => {
      for (const agent of [alice, maria]) {
        const answer = await upload(agent, 'text/csv', 'external_id,name\nx,X\n');
        expect(answer.status).toBe(403);
      }
    });

    it('imports CSV with a report per rejected row, and a repeat creates nobody twice', async () => {
      const csv = [
        'external_id,name,email,mobile,other_phones,active',
        'e2e-1,Katherine Johnson,kj@example.com,(555) 710-2001,,yes',
        'e2e-2,Dorothy Vaughan,dv@example.com,555-710-2002,+1 555 710 2012;555.710.2022,true',
        'e2e-3,Mary Jackson,not-an-email,call me,,1',
        ',Nameless,,,,',
        'e2e-4,Shared One,,+1 (555) 710-2004,,',
        'e2e-5,Shared Two,,5557102004,,',
      ].join('\n');
      const first = await importAndWait('text/csv', csv);
      expect(first.status).toMatchObject({
        totalRows: 6,
        processedRows: 6,
        acceptedRows: 4,
        rejectedRows: 2,
      });
      expect(first.rejections).toEqual([
        { rowNumber: 3, field: 'email', reason: expect.any(String) as string },
        { rowNumber: 3, field: 'mobile', reason: expect.stringContaining('not a phone number') as string },
        { rowNumber: 4, field: 'externalId', reason: 'is required' },
      ]);
      await importAndWait('text/csv', csv);
      const { rows } = await demo.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM profile.directory_user WHERE external_id LIKE 'e2e-%'`,
      );
      expect(rows[0]!.n).toBe(4);
    });

    it('P1: a number imported in national format matches the SMS from its E.164 form', async () => {
      const conversation = await textAndAccept('+15557102001', 'Katherine here');
      const users = await alice.expect<{ users: Array<{ userId: string; externalId: string }> }>(
        200,
        'GET',
        '/directory/users?q=e2e-1',
      );
      expect(conversation).toMatchObject({
        requesterUserId: users.users[0]!.userId,
        identityConflict: false,
      });
    });

    it('P4: a number on several users is flagged as an identity conflict and linked to nobody', async () => {
      const conversation = await textAndAccept('+15557102004', 'which one of us?');
      expect(conversation).toMatchObject({
        requesterUserId: GUEST_USER_ID,
        identityConflict: true,
        identityConflictReason: 'several_users',
      });
    });

    it('P4: the directory also puts a profile’s number on a second user → the profile is kept, flagged', async () => {
      // Ada's demo profile is made by her first message; then the directory moves her number.
      const first = await textAndAccept(ADA.phone, 'Ada here');
      expect(first).toMatchObject({ requesterUserId: ADA.id, identityConflict: false });
      await importAndWait(
        'application/json',
        JSON.stringify([{ externalId: 'e2e-ada-number', name: 'Someone Else', mobile: ADA.phone }]),
      );
      const lookup = await alice.expect<{ requesterUserId: string; identityConflictReason: string }>(
        200,
        'GET',
        `/profiles/lookup?address=${encodeURIComponent(ADA.phone)}`,
      );
      expect(lookup).toMatchObject({ requesterUserId: ADA.id, identityConflictReason: 'several_users' });
    });

    it('a deactivated user no longer vouches for their number, and their profile shows the guest', async () => {
      await importAndWait(
        'application/json',
        JSON.stringify([
          { externalId: 'e2e-1', name: 'Katherine Johnson', mobile: '(555) 710-2001', active: false },
        ]),
      );
      const lookup = await alice.expect<{ requesterUserId: string; identityConflictReason: string }>(
        200,
        'GET',
        `/profiles/lookup?address=${encodeURIComponent('+15557102001')}`,
      );
      expect(lookup).toMatchObject({
        requesterUserId: GUEST_USER_ID,
        identityConflictReason: 'profile_user_inactive',
      });
    });
  });
});
