import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { ADA, assignedConversation } from './support/events';
import { ALICE, BOB, call, handled, login, publish, seedAgents, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';
import { AgentSocket, withData } from './support/sockets';

type DirectoryUser = ResponseOf<typeof queries.searchDirectory>['users'][number];
type Lookup = ResponseOf<typeof queries.lookupRequester>;
type MessagingProfile = NonNullable<Lookup['profile']>;
type Plan = ResponseOf<typeof queries.planAgentStart>;
type StartRequest = RequestOf<typeof queries.startAgentConversation>;
type Started = ResponseOf<typeof queries.startAgentConversation>;

const SUPPORT = '+15550100001';
const BILLING = '+15550100002';
const ADAS_NUMBER = '+15551230001';
const GRACE = '01970000-0000-7000-8000-00000000b002';
const NO_MOBILE = '01970000-0000-7000-8000-00000000b0f1';
const LEFT = '01970000-0000-7000-8000-00000000b0f2';
const GUEST = '01970000-0000-7000-8000-000000000001';
const AT = '2026-01-01T10:00:00.000Z';
/** Small, so that the test proves the setting is read by both endpoints. */
const MAX_CHARS = 160;

function user(userId: string, name: string, mobile: string | null, active = true): DirectoryUser {
  return { userId, externalId: null, name, email: null, mobile, otherPhones: [], active };
}

const DIRECTORY = [
  user(ADA, 'Ada Lovelace', ADAS_NUMBER),
  user(GRACE, 'Grace Hopper', '+15551230002'),
  user(NO_MOBILE, 'Nora Landline', null),
  user(LEFT, 'Lee Gone', '+15551230009', false),
];

function profile(address: string, userId: string | null, profileId = uuidv7()): MessagingProfile {
  const found = DIRECTORY.find((u) => u.userId === userId) ?? null;
  return {
    profileId,
    channel: 'sms',
    address,
    active: true,
    userId,
    user: found,
    requesterUserId: userId ?? GUEST,
    verifiedAt: null,
    createdAt: AT,
    updatedAt: AT,
  };
}

function lookupOf(address: string, current: MessagingProfile | null): Lookup {
  return {
    address,
    profile: current,
    directoryUsers: DIRECTORY.filter((u) => u.mobile === address),
    requesterUserId: current?.requesterUserId ?? GUEST,
    identityConflict: false,
    identityConflictReason: null,
    rule: current ? 'P2' : 'P3',
  };
}

/** The state change interaction commits when it opens a conversation assigned to the agent. */
function assignedChange(interactionId: string, agentId: string): Started['stateChanges'][number] {
  return {
    eventId: uuidv7(),
    occurredAt: new Date().toISOString(),
    data: {
      interactionId,
      from: 'new',
      to: 'work_in_progress',
      assigneeId: agentId,
      cause: 'agent_initiated',
      actor: { kind: 'agent', id: agentId },
    },
  };
}

function closedChange(interactionId: string, assigneeId: string): Started['stateChanges'][number] {
  return {
    eventId: uuidv7(),
    occurredAt: new Date().toISOString(),
    data: {
      interactionId,
      from: 'work_in_progress',
      to: 'closed_complete',
      assigneeId,
      cause: 'system_ended',
      actor: { kind: 'system', id: null },
    },
  };
}

const A4_WARNING = 'The open conversation of this number is with a different person.';

describe('agent-initiated conversations (SPEC A1–A4)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  const tokens = { alice: '', bob: '', maria: '' };

  const post = (path: string, body: unknown, token = tokens.alice) =>
    call(service, 'POST', path, { token, body });
  const get = (path: string, token = tokens.alice) => call(service, 'GET', path, { token });
  const asked = (subject: string) => owners.asked.filter((entry) => entry.subject === subject);

  /**
   * Profile and interaction as far as these endpoints go: the directory above, the number's
   * profile, the plan interaction would make, and what its start answers.
   */
  async function fakeOwners(options: {
    plan?: Plan;
    current?: MessagingProfile | null;
    start?: (request: StartRequest) => Promise<Started>;
  }): Promise<void> {
    await owners.answer(queries.searchDirectory, ({ query }) =>
      Promise.resolve({ users: DIRECTORY.filter((u) => u.userId === query) }),
    );
    await owners.answer(queries.lookupRequester, ({ address }) =>
      Promise.resolve(lookupOf(address, options.current ?? null)),
    );
    await owners.answer(queries.replaceProfile, ({ address, userId }) =>
      Promise.resolve({
        profile: profile(address, userId),
        deactivatedProfileId: options.current?.profileId ?? null,
        audit: {
          auditId: uuidv7(),
          profileId: uuidv7(),
          action: 'created' as const,
          fromUserId: options.current?.userId ?? null,
          toUserId: userId,
          actor: { kind: 'agent' as const, id: ALICE.id, role: 'agent' as const },
          reason: 'A4',
          undoesAuditId: null,
          undoneByAuditId: null,
          occurredAt: AT,
        },
      }),
    );
    await owners.answer(queries.planAgentStart, () =>
      Promise.resolve(options.plan ?? { rule: 'A1' as const, active: null, warning: null, optedOut: null }),
    );
    await owners.answer(
      queries.startAgentConversation,
      options.start ??
        ((request) => {
          const interactionId = uuidv7();
          return Promise.resolve({
            rule: 'A1' as const,
            interactionId,
            messageId: request.messageId,
            closedInteractionId: null,
            stateChanges: [assignedChange(interactionId, request.agentId)],
          });
        }),
    );
  }

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, { AGENT_MESSAGE_MAX_CHARS: String(MAX_CHARS) });
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    tokens.alice = await login(service, 'alice');
    tokens.bob = await login(service, 'bob');
    tokens.maria = await login(service, 'maria');
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  describe('company numbers', () => {
    it('pre-fills the one company number an agent may use', async () => {
      expect(await get('/me/company-numbers')).toEqual({
        status: 200,
        body: { items: [{ address: SUPPORT, label: 'Support' }], default: SUPPORT },
      });
    });

    it('pre-fills nothing for an agent with several numbers; managers may use every number listed', async () => {
      // Orders is the demo's number at the Telnyx account (docs/providers.md).
      const both = {
        items: [
          { address: BILLING, label: 'Billing' },
          { address: '+15550100003', label: 'Orders' },
          { address: SUPPORT, label: 'Support' },
        ],
      };
      expect(await get('/me/company-numbers', tokens.bob)).toEqual({
        status: 200,
        body: { ...both, default: null },
      });
      expect(await get('/me/company-numbers', tokens.maria)).toEqual({
        status: 200,
        body: { ...both, default: null },
      });
    });

    it('refuses a company number not allowed to the agent with 403 COMPANY_NUMBER_NOT_ALLOWED, asking nobody', async () => {
      await fakeOwners({});
      const target = { companyAddress: BILLING, to: ADAS_NUMBER };
      expect(await post('/outbound/precheck', target)).toMatchObject({
        status: 403,
        body: { error: { code: 'COMPANY_NUMBER_NOT_ALLOWED', details: { companyAddress: BILLING } } },
      });
      expect(await post('/outbound/conversations', { ...target, body: 'hi' })).toMatchObject({
        status: 403,
        body: { error: { code: 'COMPANY_NUMBER_NOT_ALLOWED' } },
      });
      expect(owners.asked).toEqual([]);
      // Bob may use Billing, typed another way.
      expect(
        await post('/outbound/precheck', { ...target, companyAddress: '(555) 010-0002' }, tokens.bob),
      ).toMatchObject({
        status: 200,
        body: { companyAddress: BILLING, companyLabel: 'Billing' },
      });
    });
  });

  describe('the pre-check', () => {
    it('normalises a number typed any common way: (555) 123-0001 is +15551230001', async () => {
      await fakeOwners({ current: profile(ADAS_NUMBER, ADA) });
      const answer = await post('/outbound/precheck', { companyAddress: SUPPORT, to: '(555) 123-0001' });
      expect(answer).toMatchObject({
        status: 200,
        body: {
          companyAddress: SUPPORT,
          requesterAddress: ADAS_NUMBER,
          intendedUserId: null,
          rule: 'A1',
          warning: null,
          confirmationRequired: false,
          requester: { userId: ADA, name: 'Ada Lovelace' },
          active: [],
        },
      });
      expect(asked(queries.planAgentStart.subject)[0]?.request).toEqual({
        agentId: ALICE.id,
        companyAddress: SUPPORT,
        requesterAddress: ADAS_NUMBER,
        intendedUserId: null,
      });
    });

    it('A2: shows the pair’s ongoing conversation with its state, assignee and requester', async () => {
      const interactionId = uuidv7();
      await fakeOwners({
        current: profile(ADAS_NUMBER, ADA),
        plan: {
          rule: 'A2',
          optedOut: null,
          warning: null,
          active: {
            interactionId,
            state: 'work_in_progress',
            assigneeId: BOB.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
      });
      expect(await post('/outbound/precheck', { companyAddress: SUPPORT, to: ADAS_NUMBER })).toMatchObject({
        status: 200,
        body: {
          rule: 'A2',
          active: [
            {
              interactionId,
              state: 'work_in_progress',
              handledBy: 'agents',
              assigneeId: BOB.id,
              assigneeName: 'Bob',
              requesterUserId: ADA,
              requesterName: 'Ada Lovelace',
            },
          ],
        },
      });
    });

    it('A4: with only a directory user, texts their mobile and tells the agent to confirm', async () => {
      await fakeOwners({
        current: profile(ADAS_NUMBER, ADA),
        plan: {
          rule: 'A4',
          optedOut: null,
          warning: A4_WARNING,
          active: {
            interactionId: uuidv7(),
            state: 'work_in_progress',
            assigneeId: BOB.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
      });
      expect(await post('/outbound/precheck', { companyAddress: SUPPORT, userId: GRACE })).toMatchObject({
        status: 200,
        body: {
          requesterAddress: '+15551230002',
          intendedUserId: GRACE,
          rule: 'A4',
          warning: A4_WARNING,
          confirmationRequired: true,
        },
      });
      expect(asked(queries.planAgentStart.subject)[0]?.request).toMatchObject({ intendedUserId: GRACE });
      expect(asked(queries.replaceProfile.subject)).toEqual([]);
    });

    it('refuses a user without a mobile (400), an unknown one (404) and one who left (409)', async () => {
      await fakeOwners({});
      const precheck = (userId: string) => post('/outbound/precheck', { companyAddress: SUPPORT, userId });
      expect(await precheck(NO_MOBILE)).toMatchObject({
        status: 400,
        body: { error: { code: 'USER_HAS_NO_MOBILE' } },
      });
      expect(await precheck(uuidv7())).toMatchObject({
        status: 404,
        body: { error: { code: 'USER_NOT_FOUND' } },
      });
      expect(await precheck('ada')).toMatchObject({
        status: 404,
        body: { error: { code: 'USER_NOT_FOUND' } },
      });
      expect(await precheck(LEFT)).toMatchObject({ status: 409, body: { error: { code: 'USER_INACTIVE' } } });
      expect(asked(queries.planAgentStart.subject)).toEqual([]);
    });
  });

  describe('S2: a number that opted out', () => {
    const optedOut = { since: AT, source: 'keyword' as const, keyword: 'STOP' };

    it('S2: the pre-check shows the opt-out', async () => {
      await fakeOwners({ plan: { rule: 'A1', warning: null, active: null, optedOut } });
      expect(await post('/outbound/precheck', { companyAddress: SUPPORT, to: ADAS_NUMBER })).toMatchObject({
        status: 200,
        body: { rule: 'A1', optedOut },
      });
    });

    it('S2: starting is refused with 409 RECIPIENT_OPTED_OUT before profile or interaction is asked to change anything', async () => {
      await fakeOwners({
        current: profile(ADAS_NUMBER, ADA),
        plan: {
          rule: 'A4',
          warning: A4_WARNING,
          optedOut,
          active: {
            interactionId: uuidv7(),
            state: 'work_in_progress',
            assigneeId: BOB.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
      });
      const answer = await post('/outbound/conversations', {
        companyAddress: SUPPORT,
        userId: GRACE,
        body: 'Hello',
        acknowledgeWarning: true,
      });
      expect(answer).toMatchObject({
        status: 409,
        body: { error: { code: 'RECIPIENT_OPTED_OUT', details: optedOut } },
      });
      expect(asked(queries.replaceProfile.subject)).toEqual([]);
      expect(asked(queries.startAgentConversation.subject)).toEqual([]);
    });
  });

  describe('bad input is refused before anything is asked of interaction', () => {
    const start = (body: Record<string, unknown>) =>
      post('/outbound/conversations', { companyAddress: SUPPORT, to: ADAS_NUMBER, body: 'Hello', ...body });

    it('400 PHONE_NUMBER_INVALID for a number that is not a phone number', async () => {
      await fakeOwners({});
      expect(await start({ to: 'call me maybe' })).toMatchObject({
        status: 400,
        body: { error: { code: 'PHONE_NUMBER_INVALID', details: { field: 'to' } } },
      });
      expect(await start({ companyAddress: '12' })).toMatchObject({
        status: 400,
        body: { error: { code: 'PHONE_NUMBER_INVALID', details: { field: 'companyAddress' } } },
      });
      expect(
        await post('/outbound/precheck', { companyAddress: SUPPORT, to: '+1 555 123 0001 ext. 7' }),
      ).toMatchObject({ status: 400, body: { error: { code: 'PHONE_NUMBER_INVALID' } } });
      expect(owners.asked).toEqual([]);
    });

    it('400 VALIDATION_FAILED for an empty body, one over AGENT_MESSAGE_MAX_CHARS, or no number nor user', async () => {
      await fakeOwners({});
      expect(await start({ body: '  ' })).toMatchObject({
        status: 400,
        body: {
          error: { code: 'VALIDATION_FAILED', details: [{ path: 'body', message: 'must not be empty' }] },
        },
      });
      expect(await start({ body: 'x'.repeat(MAX_CHARS + 1) })).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            details: [{ path: 'body', message: `must be at most ${MAX_CHARS} characters` }],
          },
        },
      });
      expect(await start({ to: undefined })).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: [{ path: 'to' }] } },
      });
      expect(owners.asked).toEqual([]);
    });

    it('holds a reply to the same limit', async () => {
      await fakeOwners({});
      expect(
        await post(`/interactions/${uuidv7()}/messages`, { body: 'x'.repeat(MAX_CHARS + 1) }),
      ).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: [{ path: 'body' }] } },
      });
      expect(owners.asked).toEqual([]);
    });
  });

  describe('starting', () => {
    it('A1: starts with the requester the number resolves to, and Ongoing shows it right after the 201', async () => {
      const current = profile('+15557000001', null);
      await fakeOwners({ current });
      const alice = await AgentSocket.open(service.url, tokens.alice);
      try {
        const answer = await post('/outbound/conversations', {
          companyAddress: SUPPORT,
          to: '555-700-0001',
          body: '  Your parcel is ready  ',
        });
        expect(answer).toEqual({
          status: 201,
          body: {
            rule: 'A1',
            interactionId: expect.any(String),
            messageId: expect.any(String),
            closedInteractionId: null,
          },
        });
        const { interactionId, messageId } = answer.body as { interactionId: string; messageId: string };
        expect(asked(queries.startAgentConversation.subject)[0]?.request).toEqual({
          agentId: ALICE.id,
          companyAddress: SUPPORT,
          requesterAddress: '+15557000001',
          intendedUserId: null,
          requesterUserId: GUEST,
          profileId: current.profileId,
          messageId,
          body: '  Your parcel is ready  ',
          acknowledged: false,
        });
        // No created event was published: the state change in the answer is all the gateway has.
        const summary = {
          interactionId,
          state: 'work_in_progress',
          assigneeId: ALICE.id,
          requesterAddress: '+15557000001',
          companyAddress: SUPPORT,
          requesterUserId: GUEST,
          profileId: current.profileId,
        };
        const ongoing = await get('/interactions/ongoing');
        expect((ongoing.body as { items: unknown[] }).items[0]).toMatchObject(summary);
        expect(await get(`/interactions/${interactionId}`)).toMatchObject({
          status: 200,
          body: { interaction: summary },
        });
        await alice.next('interaction.updated', withData({ interactionId, assigneeId: ALICE.id }));
      } finally {
        await alice.close();
      }
    });

    it('sends a retried start with the client’s message id, so interaction sends it once', async () => {
      await fakeOwners({});
      const clientMessageId = uuidv7();
      const body = { companyAddress: SUPPORT, to: '+15557000002', body: 'hi', clientMessageId };
      expect(await post('/outbound/conversations', body)).toMatchObject({
        status: 201,
        body: { messageId: clientMessageId },
      });
      expect(asked(queries.startAgentConversation.subject)[0]?.request).toMatchObject({
        messageId: clientMessageId,
      });
    });

    it('A2: joins the pair’s conversation; it stays its assignee’s, and the picked user is the requester asked for', async () => {
      const existing = uuidv7();
      await fakeOwners({
        current: profile(ADAS_NUMBER, ADA),
        plan: {
          rule: 'A2',
          optedOut: null,
          warning: null,
          active: {
            interactionId: existing,
            state: 'work_in_progress',
            assigneeId: ALICE.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
        start: (request) =>
          Promise.resolve({
            rule: 'A2',
            interactionId: existing,
            messageId: request.messageId,
            closedInteractionId: null,
            stateChanges: [],
          }),
      });
      const answer = await post(
        '/outbound/conversations',
        { companyAddress: SUPPORT, userId: ADA, body: 'Bob here, too' },
        tokens.bob,
      );
      expect(answer).toMatchObject({ status: 201, body: { rule: 'A2', interactionId: existing } });
      expect(asked(queries.startAgentConversation.subject)[0]?.request).toMatchObject({
        agentId: BOB.id,
        requesterAddress: ADAS_NUMBER,
        intendedUserId: ADA,
        requesterUserId: ADA,
      });
      expect(asked(queries.replaceProfile.subject)).toEqual([]);
    });

    it('A4: without acknowledgement, 409 CONFIRMATION_REQUIRED with the warning; nothing replaced or sent', async () => {
      const active = uuidv7();
      await fakeOwners({
        current: profile(ADAS_NUMBER, ADA),
        plan: {
          rule: 'A4',
          optedOut: null,
          warning: A4_WARNING,
          active: {
            interactionId: active,
            state: 'work_in_progress',
            assigneeId: BOB.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
      });
      const answer = await post('/outbound/conversations', {
        companyAddress: SUPPORT,
        to: ADAS_NUMBER,
        userId: GRACE,
        body: 'Hello Grace',
      });
      expect(answer).toEqual({
        status: 409,
        body: {
          error: {
            code: 'CONFIRMATION_REQUIRED',
            message: A4_WARNING,
            details: { rule: 'A4', warning: A4_WARNING, activeInteractionId: active },
          },
        },
      });
      expect(asked(queries.replaceProfile.subject)).toEqual([]);
      expect(asked(queries.startAgentConversation.subject)).toEqual([]);
    });

    it('passes interaction’s CONFIRMATION_REQUIRED on when the pair changed after the plan (A3), with its warning', async () => {
      const details = { rule: 'A3', warning: 'The virtual agent has it.', activeInteractionId: uuidv7() };
      await fakeOwners({
        start: () => Promise.reject(new AppError('CONFIRMATION_REQUIRED', 409, details.warning, details)),
      });
      expect(
        await post('/outbound/conversations', { companyAddress: SUPPORT, to: '+15557000003', body: 'hi' }),
      ).toEqual({
        status: 409,
        body: { error: { code: 'CONFIRMATION_REQUIRED', message: details.warning, details } },
      });
      expect(asked(queries.replaceProfile.subject)).toEqual([]);
    });

    it('A4: acknowledged, replaces the profile (audited as the agent), then starts with the new profile and user', async () => {
      const old = uuidv7();
      const previous = profile(ADAS_NUMBER, ADA);
      // Bob held the old conversation; it leaves his Ongoing when the start closes it.
      const events = assignedConversation(old, BOB.id, 'Ada asking', new Date(), 1);
      for (const envelope of events) await publish(service, envelope);
      await eventually(async () =>
        expect(
          await handled(
            service,
            events.map((e) => e.id),
          ),
        ).toBe(true),
      );
      expect((await get('/interactions/ongoing', tokens.bob)).body).toMatchObject({
        items: [expect.objectContaining({ interactionId: old })],
      });
      await fakeOwners({
        current: previous,
        plan: {
          rule: 'A4',
          optedOut: null,
          warning: A4_WARNING,
          active: {
            interactionId: old,
            state: 'work_in_progress',
            assigneeId: BOB.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
        start: (request) => {
          const interactionId = uuidv7();
          return Promise.resolve({
            rule: 'A4',
            interactionId,
            messageId: request.messageId,
            closedInteractionId: old,
            stateChanges: [closedChange(old, BOB.id), assignedChange(interactionId, request.agentId)],
          });
        },
      });
      const answer = await post('/outbound/conversations', {
        companyAddress: SUPPORT,
        to: ADAS_NUMBER,
        userId: GRACE,
        body: 'Hello Grace',
        acknowledgeWarning: true,
      });
      expect(answer).toMatchObject({ status: 201, body: { rule: 'A4', closedInteractionId: old } });
      const { interactionId } = answer.body as { interactionId: string };

      const replaced = asked(queries.replaceProfile.subject);
      expect(replaced.map((entry) => entry.request)).toEqual([
        {
          address: ADAS_NUMBER,
          userId: GRACE,
          actor: { kind: 'agent', id: ALICE.id, role: 'agent' },
          reason: 'A4: agent alice contacted Grace Hopper',
        },
      ]);
      const subjects = owners.asked.map((entry) => entry.subject);
      expect(subjects.indexOf(queries.replaceProfile.subject)).toBeLessThan(
        subjects.indexOf(queries.startAgentConversation.subject),
      );
      const start = asked(queries.startAgentConversation.subject)[0]?.request as StartRequest;
      expect(start).toMatchObject({ intendedUserId: GRACE, requesterUserId: GRACE, acknowledged: true });
      expect(start.profileId).not.toBe(previous.profileId);

      const ongoing = (await get('/interactions/ongoing')).body as {
        items: Array<{ interactionId: string }>;
      };
      expect(ongoing.items[0]).toMatchObject({
        interactionId,
        requesterUserId: GRACE,
        profileId: start.profileId,
      });
      const bobs = (await get('/interactions/ongoing', tokens.bob)).body as {
        items: Array<{ interactionId: string }>;
      };
      expect(bobs.items.map((item) => item.interactionId)).not.toContain(old);
    });

    it('A4: a retry after the profile was replaced does not replace it again', async () => {
      await fakeOwners({
        current: profile(ADAS_NUMBER, GRACE),
        plan: {
          rule: 'A4',
          optedOut: null,
          warning: A4_WARNING,
          active: {
            interactionId: uuidv7(),
            state: 'work_in_progress',
            assigneeId: BOB.id,
            requesterUserId: ADA,
            handledBy: 'agents',
          },
        },
      });
      const answer = await post('/outbound/conversations', {
        companyAddress: SUPPORT,
        to: ADAS_NUMBER,
        userId: GRACE,
        body: 'Hello Grace',
        acknowledgeWarning: true,
      });
      expect(answer.status).toBe(201);
      expect(asked(queries.replaceProfile.subject)).toEqual([]);
      expect(asked(queries.startAgentConversation.subject)[0]?.request).toMatchObject({
        requesterUserId: GRACE,
      });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while interaction and profile are down', async () => {
      expect(
        await post('/outbound/conversations', { companyAddress: SUPPORT, to: ADAS_NUMBER, body: 'hi' }),
      ).toMatchObject({
        status: 503,
        body: { error: { code: 'DEPENDENCY_UNAVAILABLE' } },
      });
    });
  });
});
