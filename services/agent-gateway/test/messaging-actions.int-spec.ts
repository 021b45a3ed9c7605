import { type QueryDefinition, queries, type ResponseOf } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { assignedConversation, stateChanged } from './support/events';
import { ALICE, call, handled, login, publish, seedAgents, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';

type Action = ResponseOf<typeof queries.createMessagingAction>;
type Timer = ResponseOf<typeof queries.listInteractionTimers>['timers'][number];

const AT = '2025-01-01T10:00:00.000Z';
const ACTION_ID = '01970000-0000-7000-8000-0000000d0001';

const CONDITION = {
  all: [
    { field: 'companyAddress', op: 'eq', value: '+15550100001' },
    { field: 'state', op: 'eq', value: 'work_in_progress' },
  ],
};

/** An action as an admin writes it: every setting, and the id the client chose. */
const NEW_ACTION = {
  id: ACTION_ID,
  name: 'Nudge the agent',
  active: true,
  event: 'requester_message_without_agent_response' as const,
  durationSeconds: 300,
  condition: CONDITION,
  action: { kind: 'prompt_agent' as const, text: 'The requester is waiting for your answer.' },
};

const ACTION: Action = {
  ...NEW_ACTION,
  conditionText: 'companyAddress is +15550100001 and state is work_in_progress',
  builtIn: false,
  armedTimers: 2,
  createdAt: AT,
  updatedAt: AT,
};

/** One endpoint: what the admin sends, what the timer service should be asked, and what it answers. */
interface Endpoint {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  subject: string;
  request: unknown;
  answer: unknown;
  /** Makes the fake timer service answer this endpoint's query with `answer`, or refuse it with `refusal`. */
  install(owners: FakeOwners, refusal?: AppError): Promise<void>;
}

function endpoint<Request, Response>(
  query: QueryDefinition<Request, Response>,
  call: { method: string; path: string; body?: unknown; status?: number },
  request: Request,
  answer: Response,
): Endpoint {
  return {
    ...call,
    status: call.status ?? 200,
    subject: query.subject,
    request,
    answer,
    install: (owners, refusal) =>
      owners.answer(query, () => (refusal ? Promise.reject(refusal) : Promise.resolve(answer))),
  };
}

const LIST = endpoint(
  queries.listMessagingActions,
  { method: 'GET', path: '/admin/messaging-actions' },
  {},
  { actions: [ACTION] },
);
const CREATE = endpoint(
  queries.createMessagingAction,
  { method: 'POST', path: '/admin/messaging-actions', body: NEW_ACTION, status: 201 },
  NEW_ACTION,
  ACTION,
);
const UPDATE = endpoint(
  queries.updateMessagingAction,
  {
    method: 'PATCH',
    path: `/admin/messaging-actions/${ACTION_ID}`,
    body: { active: false, action: { kind: 'reassign' } },
  },
  { id: ACTION_ID, active: false, action: { kind: 'reassign' } },
  { ...ACTION, active: false, action: { kind: 'reassign' } },
);
const DELETE = endpoint(
  queries.deleteMessagingAction,
  { method: 'DELETE', path: `/admin/messaging-actions/${ACTION_ID}` },
  { id: ACTION_ID },
  { id: ACTION_ID, disarmedTimers: 2 },
);

const ENDPOINTS: Endpoint[] = [LIST, CREATE, UPDATE, DELETE];

const label = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path}`;

const timer = (overrides: Partial<Timer> = {}): Timer => ({
  timerId: uuidv7(),
  actionId: ACTION_ID,
  actionName: 'Nudge the agent',
  event: 'requester_message_without_agent_response',
  kind: 'prompt_agent',
  state: 'armed',
  dueAt: AT,
  armedByMessageId: uuidv7(),
  armedAt: AT,
  firedAt: null,
  disarmedAt: null,
  outcome: null,
  ...overrides,
});

describe('messaging actions: the admin API and a conversation’s timers', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  const tokens = { alice: '', bob: '', maria: '', admin: '' };

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    for (const name of ['alice', 'bob', 'maria', 'admin'] as const) tokens[name] = await login(service, name);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  const send = (endpoint: Endpoint, token: string, body: unknown = endpoint.body) =>
    call(service, endpoint.method, endpoint.path, { token, body });

  describe('what admins send reaches the timer service as its request, and its answer comes back', () => {
    it.each(ENDPOINTS.map((endpoint) => [label(endpoint), endpoint] as const))(
      '%s',
      async (_label, endpoint) => {
        await endpoint.install(owners);
        expect(await send(endpoint, tokens.admin)).toEqual({
          status: endpoint.status,
          body: endpoint.answer,
        });
        expect(owners.asked).toEqual([{ subject: endpoint.subject, request: endpoint.request }]);
      },
    );

    it('creating again with the same id asks with that id again, and answers the action made', async () => {
      await CREATE.install(owners);
      expect(await send(CREATE, tokens.admin)).toEqual({ status: 201, body: ACTION });
      expect(await send(CREATE, tokens.admin)).toEqual({ status: 201, body: ACTION });
      expect(owners.asked).toEqual([
        { subject: CREATE.subject, request: NEW_ACTION },
        { subject: CREATE.subject, request: NEW_ACTION },
      ]);
    });

    it.each([
      ['a filter of null (every conversation)', { condition: null }],
      ['a requester prompt', { action: { kind: 'prompt_requester', text: 'Are you still there?' } }],
      ['a final state', { action: { kind: 'set_state', state: 'closed_abandoned' } }],
      [
        'the other silence',
        { event: 'agent_message_without_requester_response', durationSeconds: 30 * 24 * 3600 },
      ],
    ])('passes on %s', async (_what, change) => {
      await CREATE.install(owners);
      expect((await send(CREATE, tokens.admin, { ...NEW_ACTION, ...change })).status).toBe(201);
      expect(owners.asked).toEqual([{ subject: CREATE.subject, request: { ...NEW_ACTION, ...change } }]);
    });
  });

  describe('only admins configure messaging actions', () => {
    const refusals = ENDPOINTS.flatMap((endpoint) =>
      (['alice', 'maria'] as const).map((who) => [label(endpoint), who, endpoint] as const),
    );

    it.each(refusals)(
      '%s: %s gets 403 ROLE_NOT_ALLOWED, and the timer service is not asked',
      async (_l, who, endpoint) => {
        await endpoint.install(owners);
        expect(await send(endpoint, tokens[who])).toMatchObject({
          status: 403,
          body: { error: { code: 'ROLE_NOT_ALLOWED', details: { allowed: ['admin'] } } },
        });
        expect(owners.asked).toEqual([]);
      },
    );

    it('refuses a manager before reading the body: 403, not 400, for a body that is wrong too', async () => {
      expect(await send(CREATE, tokens.maria, { name: '' })).toMatchObject({
        status: 403,
        body: { error: { code: 'ROLE_NOT_ALLOWED' } },
      });
    });

    it.each(ENDPOINTS.map((endpoint) => [label(endpoint), endpoint] as const))(
      '%s without a token: 401',
      async (_label, endpoint) => {
        expect(await call(service, endpoint.method, endpoint.path, { body: endpoint.body })).toMatchObject({
          status: 401,
          body: { error: { code: 'UNAUTHENTICATED' } },
        });
      },
    );
  });

  describe('requests of the wrong shape are refused with 400 VALIDATION_FAILED, the timer service not asked', () => {
    const collection = '/admin/messaging-actions';
    const one = `/admin/messaging-actions/${ACTION_ID}`;
    const cases: Array<[what: string, method: string, path: string, body: unknown, field: string]> = [
      ['an action without a name', 'POST', collection, { ...NEW_ACTION, name: undefined }, 'name'],
      ['a blank name', 'POST', collection, { ...NEW_ACTION, name: '  ' }, 'name'],
      ['an id that is not a uuid', 'POST', collection, { ...NEW_ACTION, id: 'nudge' }, 'id'],
      [
        'no filter (null says "every conversation")',
        'POST',
        collection,
        { ...NEW_ACTION, condition: undefined },
        'condition',
      ],
      ['an unknown event', 'POST', collection, { ...NEW_ACTION, event: 'whenever' }, 'event'],
      ['a duration of 0', 'POST', collection, { ...NEW_ACTION, durationSeconds: 0 }, 'durationSeconds'],
      [
        'a duration over thirty days',
        'POST',
        collection,
        { ...NEW_ACTION, durationSeconds: 30 * 24 * 3600 + 1 },
        'durationSeconds',
      ],
      [
        'a duration that is not a whole number',
        'POST',
        collection,
        { ...NEW_ACTION, durationSeconds: 1.5 },
        'durationSeconds',
      ],
      [
        'an unknown kind of action',
        'POST',
        collection,
        { ...NEW_ACTION, action: { kind: 'explode' } },
        'action.kind',
      ],
      [
        'a prompt without text',
        'POST',
        collection,
        { ...NEW_ACTION, action: { kind: 'prompt_agent', text: ' ' } },
        'action.text',
      ],
      [
        'a prompt longer than ten SMS segments',
        'POST',
        collection,
        { ...NEW_ACTION, action: { kind: 'prompt_requester', text: 'x'.repeat(671) } },
        'action.text',
      ],
      [
        'a state that is not final',
        'POST',
        collection,
        { ...NEW_ACTION, action: { kind: 'set_state', state: 'on_hold' } },
        'action.state',
      ],
      ['a setting the timer service sets itself', 'POST', collection, { ...NEW_ACTION, builtIn: true }, ''],
      ['a misspelt setting in a change', 'PATCH', one, { activ: false }, ''],
      ['a change of an action’s id', 'PATCH', one, { id: uuidv7() }, ''],
      ['a change to a duration of 0', 'PATCH', one, { durationSeconds: 0 }, 'durationSeconds'],
      ['an action id that is not a uuid', 'PATCH', '/admin/messaging-actions/nudge', { active: false }, ''],
      ['an action id that is not a uuid', 'DELETE', '/admin/messaging-actions/nudge', undefined, ''],
    ];

    it.each(cases)('%s (%s)', async (_what, method, path, body, field) => {
      for (const endpoint of ENDPOINTS) await endpoint.install(owners);
      const answer = await call(service, method, path, { token: tokens.admin, body });
      expect(answer).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            details: expect.arrayContaining([expect.objectContaining({ path: field })]),
          },
        },
      });
      expect(owners.asked).toEqual([]);
    });
  });

  describe('the timer service’s refusals reach the admin as it gives them', () => {
    it('400 MESSAGING_ACTION_INVALID keeps every filter error, each with its path', async () => {
      const errors = [
        { path: 'condition.all[0].field', code: 'CONDITION_FIELD_UNKNOWN', message: 'no field "company"' },
        { path: 'condition.all[1].value', code: 'CONDITION_VALUE_INVALID', message: 'not a state' },
      ];
      for (const endpoint of [CREATE, UPDATE]) {
        await endpoint.install(
          owners,
          new AppError('MESSAGING_ACTION_INVALID', 400, 'the messaging action is invalid', errors),
        );
        expect(await send(endpoint, tokens.admin)).toEqual({
          status: 400,
          body: {
            error: {
              code: 'MESSAGING_ACTION_INVALID',
              message: 'the messaging action is invalid',
              details: errors,
            },
          },
        });
        await owners.silence();
      }
    });

    it.each(
      (
        [
          ['MESSAGING_ACTION_NAME_TAKEN', 409, CREATE],
          ['MESSAGING_ACTION_NAME_TAKEN', 409, UPDATE],
          ['MESSAGING_ACTION_NOT_FOUND', 404, UPDATE],
          ['MESSAGING_ACTION_NOT_FOUND', 404, DELETE],
        ] as const
      ).map(([code, status, endpoint]) => [code, status, label(endpoint), endpoint] as const),
    )('%s (%i) from %s', async (code, status, _label, endpoint) => {
      const details = { id: ACTION_ID };
      await endpoint.install(owners, new AppError(code, status, `timer says ${code}`, details));
      expect(await send(endpoint, tokens.admin)).toEqual({
        status,
        body: { error: { code, message: `timer says ${code}`, details } },
      });
    });

    it.each(ENDPOINTS.map((endpoint) => [label(endpoint), endpoint] as const))(
      '%s while the timer service is down: 503 DEPENDENCY_UNAVAILABLE',
      async (_label, endpoint) => {
        expect(await send(endpoint, tokens.admin)).toMatchObject({
          status: 503,
          body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'timer' } } },
        });
      },
    );
  });

  describe('GET /interactions/{id}/timers', () => {
    const alices = uuidv7();
    const alicesEnded = uuidv7();
    const ARMED = timer({ dueAt: '2025-01-01T10:05:00.000Z' });
    const FIRED = timer({ state: 'fired', firedAt: AT, outcome: 'ran' });
    const installTimers = (refusal?: AppError) =>
      owners.answer(queries.listInteractionTimers, ({ includeHistory }) =>
        refusal
          ? Promise.reject(refusal)
          : Promise.resolve({ timers: includeHistory ? [ARMED, FIRED] : [ARMED] }),
      );
    const timersOf = (interactionId: string, token: string, query = '') =>
      call(service, 'GET', `/interactions/${interactionId}/timers${query}`, { token });

    beforeAll(async () => {
      const envelopes = [
        ...assignedConversation(alices, ALICE.id, 'hello?', new Date(Date.now() - 60_000), 1),
        ...assignedConversation(alicesEnded, ALICE.id, 'thanks', new Date(Date.now() - 30_000), 1),
        stateChanged(alicesEnded, 'work_in_progress', 'closed_complete', ALICE.id),
      ];
      for (const envelope of envelopes) await publish(service, envelope);
      await eventually(async () =>
        expect(
          await handled(
            service,
            envelopes.map((envelope) => envelope.id),
          ),
        ).toBe(true),
      );
    });

    it('gives the assignee the armed timers, asking the timer service without history', async () => {
      await installTimers();
      expect(await timersOf(alices, tokens.alice)).toEqual({ status: 200, body: { timers: [ARMED] } });
      expect(owners.asked).toEqual([
        { subject: 'timer.interaction.timers.v1', request: { interactionId: alices, includeHistory: false } },
      ]);
    });

    it.each([
      ['?history=true', true, [ARMED, FIRED]],
      ['?history=false', false, [ARMED]],
    ])('%s asks with includeHistory %s', async (query, includeHistory, timers) => {
      await installTimers();
      expect(await timersOf(alices, tokens.alice, query)).toEqual({ status: 200, body: { timers } });
      expect(owners.asked).toEqual([
        { subject: 'timer.interaction.timers.v1', request: { interactionId: alices, includeHistory } },
      ]);
    });

    it.each([
      ['a manager', 'maria'],
      ['an admin', 'admin'],
    ] as const)('gives %s any conversation’s timers (SPEC I5)', async (_who, who) => {
      await installTimers();
      expect(await timersOf(alices, tokens[who], '?history=true')).toEqual({
        status: 200,
        body: { timers: [ARMED, FIRED] },
      });
    });

    it('gives a participant the timers of a completed conversation they took part in (SPEC I4)', async () => {
      await installTimers();
      expect((await timersOf(alicesEnded, tokens.alice, '?history=true')).status).toBe(200);
    });

    it.each([
      ['another agent’s conversation', () => alices],
      ['an unknown conversation', () => uuidv7()],
    ])('answers 404 INTERACTION_NOT_FOUND for %s, without asking the timer service', async (_what, id) => {
      await installTimers();
      expect(await timersOf(id(), tokens.bob)).toMatchObject({
        status: 404,
        body: { error: { code: 'INTERACTION_NOT_FOUND' } },
      });
      expect(owners.asked).toEqual([]);
    });

    it('refuses a completed conversation to an agent who did not take part in it', async () => {
      await installTimers();
      expect((await timersOf(alicesEnded, tokens.bob)).status).toBe(404);
      expect(owners.asked).toEqual([]);
    });

    it.each([
      ['an id that is not a uuid', 'nope', '', ''],
      ['a history that is not true or false', alices, '?history=yes', 'history'],
      ['an unknown parameter', alices, '?limit=5', ''],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_what, id, query, field) => {
      await installTimers();
      expect(await timersOf(id, tokens.alice, query)).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            details: expect.arrayContaining([expect.objectContaining({ path: field })]),
          },
        },
      });
      expect(owners.asked).toEqual([]);
    });

    it('answers 401 without a token', async () => {
      expect((await call(service, 'GET', `/interactions/${alices}/timers`)).status).toBe(401);
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while the timer service is down', async () => {
      expect(await timersOf(alices, tokens.alice)).toMatchObject({
        status: 503,
        body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'timer' } } },
      });
    });

    it('passes on the timer service’s own refusals', async () => {
      await installTimers(new AppError('INTERACTION_NOT_FOUND', 404, 'timer knows no such conversation'));
      expect(await timersOf(alices, tokens.alice)).toMatchObject({
        status: 404,
        body: { error: { code: 'INTERACTION_NOT_FOUND', message: 'timer knows no such conversation' } },
      });
    });
  });
});
