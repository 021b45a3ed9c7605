import { type EnvelopeOf, queries, type ResponseOf, type Subject } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import {
  ADA,
  assignedConversation,
  conversationCreated,
  REQUESTER,
  requesterChanged,
  stateChanged,
} from './support/events';
import {
  ADMIN,
  ALICE,
  BOB,
  call,
  handled,
  login,
  MARIA,
  publish,
  seedAgents,
  startGateway,
} from './support/gateway';
import { FakeOwners } from './support/owners';
import { AgentSocket, withData } from './support/sockets';

type MessagingProfile = ResponseOf<typeof queries.getProfile>;
type AuditEntry = ResponseOf<typeof queries.profileHistory>['entries'][number];

const GRACE = '01970000-0000-7000-8000-00000000b002';
const GUEST = '01970000-0000-7000-8000-000000000001';
/** A number Alice talked to, in an interaction that is closed now. */
const CLOSED_NUMBER = '+15551230002';
/** Bob's number: he holds an open interaction of it, and of no other. */
const BOBS_NUMBER = '+15551230003';
const AT = '2025-01-01T10:00:00.000Z';

function profile(profileId: string, address: string, userId: string | null): MessagingProfile {
  return {
    profileId,
    channel: 'sms',
    address,
    active: true,
    userId,
    user:
      userId === null
        ? null
        : {
            userId,
            externalId: `E-${userId.slice(-4)}`,
            name: 'Ada Lovelace',
            email: null,
            mobile: address,
            otherPhones: [],
            active: true,
          },
    requesterUserId: userId ?? GUEST,
    verifiedAt: null,
    createdAt: AT,
    updatedAt: AT,
  };
}

function audit(
  profileId: string,
  fromUserId: string | null,
  toUserId: string | null,
  actor: AuditEntry['actor'],
  reason: string,
  undoesAuditId: string | null = null,
): AuditEntry {
  return {
    auditId: uuidv7(),
    profileId,
    action: 'reassociated',
    fromUserId,
    toUserId,
    actor,
    reason,
    undoesAuditId,
    undoneByAuditId: null,
    occurredAt: AT,
  };
}

describe('messaging profiles (SPEC P5)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  const tokens: Record<'alice' | 'bob' | 'maria' | 'admin', string> = {
    alice: '',
    bob: '',
    maria: '',
    admin: '',
  };
  let alice: AgentSocket;

  /** Alice holds an open interaction of REQUESTER; the profile of that number. */
  const HELD = uuidv7();
  const heldInteraction = uuidv7();
  /** The profile of a number whose interaction with Alice is closed. */
  const CLOSED = uuidv7();
  const profiles = new Map<string, MessagingProfile>([
    [HELD, profile(HELD, REQUESTER, ADA)],
    [CLOSED, profile(CLOSED, CLOSED_NUMBER, ADA)],
  ]);

  async function publishAll(envelopes: Array<EnvelopeOf<Subject>>): Promise<void> {
    for (const envelope of envelopes) await publish(service, envelope);
    await eventually(async () =>
      expect(
        await handled(
          service,
          envelopes.map((e) => e.id),
        ),
      ).toBe(true),
    );
  }

  /** Profile as far as these endpoints go: its profiles, their changes, refusals by code. */
  async function fakeProfile(): Promise<void> {
    const notFound = (profileId: string) =>
      new AppError('PROFILE_NOT_FOUND', 404, `profile ${profileId} does not exist`);
    await owners.answer(queries.getProfile, ({ profileId }) => {
      const found = profiles.get(profileId);
      return found ? Promise.resolve(found) : Promise.reject(notFound(profileId));
    });
    await owners.answer(queries.profileHistory, ({ profileId }) =>
      Promise.resolve({
        entries: [audit(profileId, null, ADA, { kind: 'system', id: null, role: null }, 'P1 on first SMS')],
      }),
    );
    await owners.answer(queries.reassociateProfile, ({ profileId, userId, actor, reason }) => {
      const found = profiles.get(profileId);
      if (!found) return Promise.reject(notFound(profileId));
      if (userId === 'gone')
        return Promise.reject(new AppError('USER_NOT_FOUND', 404, 'not in the directory'));
      if (userId === 'retired') return Promise.reject(new AppError('USER_INACTIVE', 409, 'deactivated'));
      return Promise.resolve({
        profile: { ...profile(profileId, found.address, userId), verifiedAt: AT },
        audit: audit(profileId, found.userId, userId, actor, reason),
      });
    });
    await owners.answer(queries.undoProfileChange, ({ profileId, auditId, actor, reason }) => {
      const found = profiles.get(profileId);
      if (!found) return Promise.reject(notFound(profileId));
      if (auditId === HELD) return Promise.reject(new AppError('ALREADY_UNDONE', 409, 'undone already'));
      if (auditId === CLOSED) return Promise.reject(new AppError('CHANGED_SINCE', 409, 'changed since'));
      return Promise.resolve({
        profile: found,
        audit: audit(profileId, GRACE, found.userId, actor, reason, auditId),
      });
    });
  }

  const asked = (subject: string) => owners.asked.filter((entry) => entry.subject === subject);

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    for (const name of ['alice', 'bob', 'maria', 'admin'] as const) tokens[name] = await login(service, name);
    alice = await AgentSocket.open(service.url, tokens.alice);
    const closed = uuidv7();
    await publishAll([
      ...assignedConversation(heldInteraction, ALICE.id, 'who am I?', new Date(Date.now() - 60_000), 1, {
        profileId: HELD,
        identityConflict: true,
        identityConflictReason: 'directory_disagrees',
      }),
      ...assignedConversation(closed, ALICE.id, 'old one', new Date(Date.now() - 120_000), 1, {
        requesterAddress: CLOSED_NUMBER,
        profileId: CLOSED,
      }),
      stateChanged(closed, 'work_in_progress', 'closed_complete', ALICE.id),
      ...assignedConversation(uuidv7(), BOB.id, 'bob’s', new Date(Date.now() - 30_000), 1, {
        requesterAddress: BOBS_NUMBER,
      }),
    ]);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await alice?.close();
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it.each([
    ['GET', `/profiles/lookup?address=${encodeURIComponent(REQUESTER)}`],
    ['GET', `/profiles/${HELD}`],
    ['GET', `/profiles/${HELD}/history`],
    ['PUT', `/profiles/${HELD}/user`],
    ['POST', `/profiles/${HELD}/history/${uuidv7()}/undo`],
    ['GET', '/directory/users?q=ada'],
  ])('answers %s %s without a token with 401, asking profile nothing', async (method, path) => {
    await fakeProfile();
    const body = method === 'GET' ? undefined : { userId: GRACE, reason: 'x' };
    expect(await call(service, method, path, { body })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect(owners.asked).toEqual([]);
  });

  describe('the requester of a number (new-SMS dialog)', () => {
    const lookup = (token: string, query: string) =>
      call(service, 'GET', `/profiles/lookup${query}`, { token });

    it('P1–P4: tells any agent who a number would be attributed to, as profile says', async () => {
      const answer = {
        address: REQUESTER,
        profile: profile(HELD, REQUESTER, ADA),
        directoryUsers: [],
        requesterUserId: ADA,
        identityConflict: true,
        identityConflictReason: 'directory_disagrees' as const,
        rule: 'P4' as const,
      };
      await owners.answer(queries.lookupRequester, () => Promise.resolve(answer));
      expect(await lookup(tokens.bob, '?address=%2B1%20555%20123%200001')).toEqual({
        status: 200,
        body: answer,
      });
      expect(owners.asked).toEqual([
        { subject: queries.lookupRequester.subject, request: { address: '+1 555 123 0001' } },
      ]);
    });

    it('refuses a lookup without an address with 400 VALIDATION_FAILED, without asking profile', async () => {
      await owners.answer(queries.lookupRequester, () => Promise.reject(new Error('not asked')));
      expect(await lookup(tokens.bob, '')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: [{ path: 'address' }] } },
      });
      expect(owners.asked).toEqual([]);
    });

    it('passes on profile’s 400 PHONE_NUMBER_INVALID', async () => {
      await owners.answer(queries.lookupRequester, () =>
        Promise.reject(new AppError('PHONE_NUMBER_INVALID', 400, '"12" is not a phone number')),
      );
      expect(await lookup(tokens.alice, '?address=12')).toEqual({
        status: 400,
        body: { error: { code: 'PHONE_NUMBER_INVALID', message: '"12" is not a phone number' } },
      });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while profile is down', async () => {
      expect(await lookup(tokens.alice, `?address=${encodeURIComponent(REQUESTER)}`)).toMatchObject({
        status: 503,
        body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'profile' } } },
      });
    });
  });

  describe('who may see a profile', () => {
    const get = (token: string, profileId: string) =>
      call(service, 'GET', `/profiles/${profileId}`, { token });

    it('P5: shows the profile to the agent holding an open interaction of its number', async () => {
      await fakeProfile();
      expect(await get(tokens.alice, HELD)).toEqual({ status: 200, body: profiles.get(HELD) });
    });

    it.each(['maria', 'admin'] as const)('P5: shows any profile to %s (manager, admin)', async (name) => {
      await fakeProfile();
      expect(await get(tokens[name], HELD)).toMatchObject({ status: 200, body: { profileId: HELD } });
      expect(await get(tokens[name], CLOSED)).toMatchObject({ status: 200, body: { profileId: CLOSED } });
    });

    it('P5: refuses an agent who holds no interaction of the number with 403 PROFILE_ACCESS_DENIED', async () => {
      await fakeProfile();
      expect(await get(tokens.bob, HELD)).toMatchObject({
        status: 403,
        body: { error: { code: 'PROFILE_ACCESS_DENIED' } },
      });
    });

    it('P5: refuses an agent whose interaction of the number is closed', async () => {
      await fakeProfile();
      expect(await get(tokens.alice, CLOSED)).toMatchObject({
        status: 403,
        body: { error: { code: 'PROFILE_ACCESS_DENIED' } },
      });
    });

    it('passes on 404 PROFILE_NOT_FOUND, to any agent', async () => {
      await fakeProfile();
      const unknown = uuidv7();
      expect(await get(tokens.bob, unknown)).toEqual({
        status: 404,
        body: { error: { code: 'PROFILE_NOT_FOUND', message: `profile ${unknown} does not exist` } },
      });
    });

    it('refuses a profile id that is not a uuid with 400, without asking profile', async () => {
      await fakeProfile();
      expect(await get(tokens.maria, 'not-an-id')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(owners.asked).toEqual([]);
    });

    it('P5: shows the audit trail under the same rule', async () => {
      await fakeProfile();
      const history = (token: string) => call(service, 'GET', `/profiles/${HELD}/history`, { token });
      expect(await history(tokens.alice)).toMatchObject({
        status: 200,
        body: { entries: [{ profileId: HELD, toUserId: ADA, actor: { kind: 'system' } }] },
      });
      expect(await history(tokens.bob)).toMatchObject({
        status: 403,
        body: { error: { code: 'PROFILE_ACCESS_DENIED' } },
      });
      expect(asked(queries.profileHistory.subject)).toEqual([
        { subject: queries.profileHistory.subject, request: { profileId: HELD } },
      ]);
    });
  });

  describe('correcting the association', () => {
    const correct = (token: string, body: unknown, profileId = HELD) =>
      call(service, 'PUT', `/profiles/${profileId}/user`, { token, body });

    it('P5: lets the agent holding an interaction of the number point it at another user, naming them as actor', async () => {
      await fakeProfile();
      const answer = await correct(tokens.alice, { userId: GRACE, reason: '  She said she is Grace ' });
      expect(answer).toMatchObject({
        status: 200,
        body: {
          profile: { profileId: HELD, userId: GRACE, requesterUserId: GRACE },
          audit: { fromUserId: ADA, toUserId: GRACE, actor: { kind: 'agent', id: ALICE.id, role: 'agent' } },
        },
      });
      expect(asked(queries.reassociateProfile.subject)).toEqual([
        {
          subject: queries.reassociateProfile.subject,
          request: {
            profileId: HELD,
            userId: GRACE,
            reason: 'She said she is Grace',
            actor: { kind: 'agent', id: ALICE.id, role: 'agent' },
          },
        },
      ]);
    });

    it('P5: refuses another agent with 403, without asking profile to change anything', async () => {
      await fakeProfile();
      expect(await correct(tokens.bob, { userId: GRACE, reason: 'I think it is Grace' })).toMatchObject({
        status: 403,
        body: { error: { code: 'PROFILE_ACCESS_DENIED' } },
      });
      expect(asked(queries.reassociateProfile.subject)).toEqual([]);
    });

    it('P5: lets a manager correct any profile, as a manager', async () => {
      await fakeProfile();
      expect((await correct(tokens.maria, { userId: GRACE, reason: 'checked' }, CLOSED)).status).toBe(200);
      expect(asked(queries.reassociateProfile.subject)[0]?.request).toMatchObject({
        profileId: CLOSED,
        actor: { kind: 'agent', id: MARIA.id, role: 'manager' },
      });
    });

    it('P3/P5: makes it a guest profile with an explicit null', async () => {
      await fakeProfile();
      expect(await correct(tokens.admin, { userId: null, reason: 'not Ada' })).toMatchObject({
        status: 200,
        body: {
          profile: { userId: null, requesterUserId: GUEST },
          audit: { actor: { id: ADMIN.id, role: 'admin' } },
        },
      });
    });

    it.each([
      ['no userId (null is the guest, so it must be said)', { reason: 'x' }, 'userId'],
      ['an empty reason', { userId: GRACE, reason: '   ' }, 'reason'],
      ['no reason', { userId: GRACE }, 'reason'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body, path) => {
      await fakeProfile();
      expect(await correct(tokens.alice, body)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: [{ path }] } },
      });
      expect(owners.asked).toEqual([]);
    });

    it.each([
      ['gone', 404, 'USER_NOT_FOUND'],
      ['retired', 409, 'USER_INACTIVE'],
    ])('passes on profile’s refusal of user %s as %d %s', async (userId, status, code) => {
      await fakeProfile();
      expect(await correct(tokens.alice, { userId, reason: 'x' })).toMatchObject({
        status,
        body: { error: { code } },
      });
    });

    it('passes on 404 PROFILE_NOT_FOUND before saying anything about access', async () => {
      await fakeProfile();
      expect(await correct(tokens.bob, { userId: GRACE, reason: 'x' }, uuidv7())).toMatchObject({
        status: 404,
        body: { error: { code: 'PROFILE_NOT_FOUND' } },
      });
    });
  });

  describe('undoing a correction', () => {
    const undo = (token: string, auditId: string, body: unknown = { reason: 'wrong person after all' }) =>
      call(service, 'POST', `/profiles/${HELD}/history/${auditId}/undo`, { token, body });

    it('P5: lets the agent holding an interaction of the number undo a change, naming them as actor', async () => {
      await fakeProfile();
      const auditId = uuidv7();
      expect(await undo(tokens.alice, auditId)).toMatchObject({
        status: 200,
        body: { profile: { profileId: HELD }, audit: { undoesAuditId: auditId } },
      });
      expect(asked(queries.undoProfileChange.subject)).toEqual([
        {
          subject: queries.undoProfileChange.subject,
          request: {
            profileId: HELD,
            auditId,
            reason: 'wrong person after all',
            actor: { kind: 'agent', id: ALICE.id, role: 'agent' },
          },
        },
      ]);
    });

    it('P5: refuses another agent with 403', async () => {
      await fakeProfile();
      expect(await undo(tokens.bob, uuidv7())).toMatchObject({
        status: 403,
        body: { error: { code: 'PROFILE_ACCESS_DENIED' } },
      });
      expect(asked(queries.undoProfileChange.subject)).toEqual([]);
    });

    it.each([
      [HELD, 'ALREADY_UNDONE'],
      [CLOSED, 'CHANGED_SINCE'],
    ])('passes on profile’s 409 %#: %s', async (auditId, code) => {
      await fakeProfile();
      expect(await undo(tokens.alice, auditId)).toMatchObject({ status: 409, body: { error: { code } } });
    });

    it('refuses an undo without a reason, or of an audit id that is not a uuid, with 400', async () => {
      await fakeProfile();
      expect((await undo(tokens.alice, uuidv7(), {})).status).toBe(400);
      expect((await undo(tokens.alice, 'latest')).status).toBe(400);
      expect(owners.asked).toEqual([]);
    });
  });

  describe('searching the directory', () => {
    const search = (query: string, token = tokens.bob) =>
      call(service, 'GET', `/directory/users${query}`, { token });

    it('lets any agent search, 20 users at most unless asked otherwise', async () => {
      const users = [profile(HELD, REQUESTER, GRACE).user];
      await owners.answer(queries.searchDirectory, () => Promise.resolve({ users }));
      expect(await search('?q=grace')).toEqual({ status: 200, body: { users } });
      expect(await search('?q=%2B15551230002&limit=5')).toEqual({ status: 200, body: { users } });
      expect(owners.asked.map((entry) => entry.request)).toEqual([
        { query: 'grace', limit: 20 },
        { query: '+15551230002', limit: 5 },
      ]);
    });

    it.each([
      ['no q', ''],
      ['a blank q', '?q=%20'],
      ['a limit of 0', '?q=ada&limit=0'],
      ['a limit over 100', '?q=ada&limit=101'],
      ['a limit that is not a number', '?q=ada&limit=ten'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, query) => {
      await owners.answer(queries.searchDirectory, () => Promise.resolve({ users: [] }));
      expect(await search(query)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(owners.asked).toEqual([]);
    });
  });

  describe('the requester shown on a conversation', () => {
    const ongoing = async (token = tokens.alice) =>
      (await call(service, 'GET', '/interactions/ongoing', { token })).body as {
        items: Array<{ interactionId: string }>;
      };

    it('P4: shows the profile, the identity conflict and its reason in Ongoing and in the conversation', async () => {
      const expected = {
        interactionId: heldInteraction,
        profileId: HELD,
        requesterUserId: ADA,
        identityConflict: true,
        identityConflictReason: 'directory_disagrees',
      };
      expect((await ongoing()).items).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
      expect(
        await call(service, 'GET', `/interactions/${heldInteraction}`, { token: tokens.alice }),
      ).toMatchObject({
        status: 200,
        body: { interaction: expected },
      });
    });

    it('P5: a requester change updates Ongoing and pushes interaction.updated to the assignee', async () => {
      const interactionId = uuidv7();
      await publishAll([
        ...assignedConversation(interactionId, ALICE.id, 'hello', new Date(), 1, {
          profileId: HELD,
          identityConflict: true,
          identityConflictReason: 'several_users',
        }),
      ]);
      await publish(service, requesterChanged(interactionId, HELD, GRACE));
      const pushed = await alice.next(
        'interaction.updated',
        withData({ interactionId, requesterUserId: GRACE }),
      );
      expect(pushed.data).toMatchObject({
        assigneeId: ALICE.id,
        profileId: HELD,
        identityConflict: false,
        identityConflictReason: null,
      });
      expect((await ongoing()).items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ interactionId, requesterUserId: GRACE, identityConflict: false }),
        ]),
      );
    });

    it('P5: keeps the latest change when an older one arrives after it, and pushes nothing for the older', async () => {
      const interactionId = uuidv7();
      // Envelope ids in the order the owners would create the events (uuid v7).
      await publishAll([
        conversationCreated(interactionId, { profileId: HELD }),
        stateChanged(interactionId, 'new', 'work_in_progress', ALICE.id),
      ]);
      const toGuest = requesterChanged(interactionId, HELD, GUEST);
      const toGrace = requesterChanged(interactionId, HELD, GRACE);
      // The later change is handled first (its push is the proof), then the older one arrives.
      await publishAll([toGrace]);
      await alice.next('interaction.updated', withData({ interactionId, requesterUserId: GRACE }));
      await publishAll([toGuest]);
      const stored = await service.runtime.dataSource.query<
        Array<{ requester_user_id: string; requester_event_id: string }>
      >(`SELECT requester_user_id, requester_event_id FROM conversation_view WHERE interaction_id = $1`, [
        interactionId,
      ]);
      expect(stored).toEqual([{ requester_user_id: GRACE, requester_event_id: toGrace.id }]);
      // Pushes go out in order: once a later one arrived, one for the older change would have too.
      await publish(service, stateChanged(interactionId, 'work_in_progress', 'on_hold', ALICE.id));
      await alice.next('interaction.updated', withData({ interactionId, state: 'on_hold' }));
      expect(
        alice.received('interaction.updated', withData({ interactionId, requesterUserId: GUEST })),
      ).toEqual([]);
    });

    it('P5: keeps a requester change that arrived before its conversation was created', async () => {
      const interactionId = uuidv7();
      const created = conversationCreated(interactionId, { profileId: HELD, identityConflict: true });
      await publishAll([requesterChanged(interactionId, HELD, GRACE), created]);
      const [row] = await service.runtime.dataSource.query<unknown[]>(
        `SELECT requester_user_id, identity_conflict, company_address, state FROM conversation_view WHERE interaction_id = $1`,
        [interactionId],
      );
      expect(row).toEqual({
        requester_user_id: GRACE,
        identity_conflict: false,
        company_address: created.data.companyAddress,
        state: 'new',
      });
    });
  });
});
