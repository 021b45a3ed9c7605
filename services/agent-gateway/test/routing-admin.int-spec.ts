import { type QueryDefinition, queries, type ResponseOf } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { ALICE, BOB, call, login, seedAgents, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';

type Queue = ResponseOf<typeof queries.createQueue>;
type Overview = ResponseOf<typeof queries.routingOverview>;

const AT = '2025-01-01T10:00:00.000Z';
const QUEUE_ID = '01970000-0000-7000-8000-0000000c0001';
const FALLBACK_ID = '01970000-0000-7000-8000-0000000c0002';

const CONDITION = {
  all: [
    { field: 'companyAddress', op: 'eq', value: '+15550100001' },
    { not: { field: 'requesterIsGuest', op: 'eq', value: true } },
  ],
};
const SCHEDULE = {
  timeZone: 'America/New_York',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }],
};

/** A queue as an admin writes it: every setting, and the id the client chose. */
const NEW_QUEUE = {
  id: QUEUE_ID,
  name: 'Billing',
  active: true,
  condition: CONDITION,
  schedule: SCHEDULE,
  assignmentRule: 'most_capacity' as const,
  autoAssign: true,
  offerTimeoutSeconds: 60,
  offerTimeoutPresence: 'away',
  members: [ALICE.id, BOB.id],
};

const QUEUE: Queue = {
  ...NEW_QUEUE,
  position: 1,
  fallback: false,
  conditionText: 'companyAddress is +15550100001 and not requesterIsGuest',
  updatedAt: AT,
};
const FALLBACK: Queue = {
  ...QUEUE,
  id: FALLBACK_ID,
  name: 'Everything else',
  condition: null,
  schedule: null,
  conditionText: null,
  position: 2,
  fallback: true,
};

const PRESENCE_STATE = { name: 'training', receivesWork: false, channels: null, builtIn: false };
const SMS = { name: 'sms' as const, defaultCapacity: 3, itemSize: 1 };
const CAPACITY = { agentId: ALICE.id, universalCapacity: 5, channels: { sms: 3 } };

const OVERVIEW: Overview = {
  queues: [
    {
      id: QUEUE_ID,
      name: 'Billing',
      active: true,
      open: true,
      fallback: false,
      waiting: 2,
      offered: 1,
      assigned: 4,
      oldestWaitingSeconds: 95.5,
      members: 2,
      membersAvailable: 1,
    },
  ],
  agents: [
    {
      agentId: ALICE.id,
      presence: 'available',
      receivesWork: true,
      capacity: 4,
      load: 3,
      lastSeenAt: AT,
      queueIds: [QUEUE_ID],
    },
  ],
};

/** One endpoint: what the admin sends, what routing should be asked, and what it answers. */
interface Endpoint {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  subject: string;
  request: unknown;
  answer: unknown;
  /** Makes the fake routing answer this endpoint's query with `answer`, or refuse it with `refusal`. */
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

const LIST_QUEUES = endpoint(
  queries.listQueues,
  { method: 'GET', path: '/admin/queues' },
  {},
  { queues: [QUEUE, FALLBACK] },
);
const CREATE_QUEUE = endpoint(
  queries.createQueue,
  { method: 'POST', path: '/admin/queues', body: NEW_QUEUE, status: 201 },
  NEW_QUEUE,
  QUEUE,
);
const UPDATE_QUEUE = endpoint(
  queries.updateQueue,
  { method: 'PATCH', path: `/admin/queues/${QUEUE_ID}`, body: { active: false, members: [] } },
  { id: QUEUE_ID, active: false, members: [] },
  { ...QUEUE, active: false, members: [] },
);
const ORDER_QUEUES = endpoint(
  queries.orderQueues,
  { method: 'PUT', path: '/admin/queues/order', body: { queueIds: [QUEUE_ID, FALLBACK_ID] } },
  { queueIds: [QUEUE_ID, FALLBACK_ID] },
  { queues: [QUEUE, FALLBACK] },
);
const LIST_PRESENCE_STATES = endpoint(
  queries.listPresenceStates,
  { method: 'GET', path: '/admin/presence-states' },
  {},
  { states: [{ name: 'available', receivesWork: true, channels: null, builtIn: true }, PRESENCE_STATE] },
);
const PUT_PRESENCE_STATE = endpoint(
  queries.putPresenceState,
  { method: 'PUT', path: '/admin/presence-states/training', body: { receivesWork: false, channels: null } },
  { name: 'training', receivesWork: false, channels: null },
  PRESENCE_STATE,
);
const LIST_CHANNELS = endpoint(
  queries.listChannels,
  { method: 'GET', path: '/admin/channels' },
  {},
  { channels: [SMS] },
);
const UPDATE_CHANNEL = endpoint(
  queries.updateChannel,
  { method: 'PATCH', path: '/admin/channels/sms', body: { defaultCapacity: 3 } },
  { name: 'sms', defaultCapacity: 3 },
  SMS,
);
const SET_AGENT_CAPACITY = endpoint(
  queries.setAgentCapacity,
  {
    method: 'PUT',
    path: `/admin/agents/${ALICE.id}/capacity`,
    body: { universalCapacity: 5, channels: { sms: 3 } },
  },
  CAPACITY,
  CAPACITY,
);

const ADMIN_ENDPOINTS: Endpoint[] = [
  LIST_QUEUES,
  CREATE_QUEUE,
  UPDATE_QUEUE,
  ORDER_QUEUES,
  LIST_PRESENCE_STATES,
  PUT_PRESENCE_STATE,
  LIST_CHANNELS,
  UPDATE_CHANNEL,
  SET_AGENT_CAPACITY,
];

const OVERVIEW_ENDPOINT = endpoint(
  queries.routingOverview,
  { method: 'GET', path: '/routing/overview' },
  {},
  OVERVIEW,
);

const label = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path}`;

describe('routing admin API and routing overview', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  const tokens = { alice: '', maria: '', admin: '' };

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    for (const name of ['alice', 'maria', 'admin'] as const) tokens[name] = await login(service, name);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  const send = (endpoint: Endpoint, token: string, body: unknown = endpoint.body) =>
    call(service, endpoint.method, endpoint.path, { token, body });

  describe('what admins send reaches routing as routing’s request, and its answer comes back', () => {
    it.each(ADMIN_ENDPOINTS.map((endpoint) => [label(endpoint), endpoint] as const))(
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

    it('creates a queue at a position when one is given', async () => {
      await CREATE_QUEUE.install(owners);
      const answer = await send(CREATE_QUEUE, tokens.admin, { ...NEW_QUEUE, position: 1 });
      expect(answer.status).toBe(201);
      expect(owners.asked).toEqual([
        { subject: CREATE_QUEUE.subject, request: { ...NEW_QUEUE, position: 1 } },
      ]);
    });
  });

  describe('only admins configure routing', () => {
    const refusals = ADMIN_ENDPOINTS.flatMap((endpoint) =>
      (['alice', 'maria'] as const).map((who) => [label(endpoint), who, endpoint] as const),
    );

    it.each(refusals)(
      '%s: %s gets 403 ROLE_NOT_ALLOWED, and routing is not asked',
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
      expect(await send(CREATE_QUEUE, tokens.maria, { name: '' })).toMatchObject({
        status: 403,
        body: { error: { code: 'ROLE_NOT_ALLOWED' } },
      });
    });

    it.each([...ADMIN_ENDPOINTS, OVERVIEW_ENDPOINT].map((endpoint) => [label(endpoint), endpoint] as const))(
      '%s without a token: 401',
      async (_label, endpoint) => {
        expect(await call(service, endpoint.method, endpoint.path, { body: endpoint.body })).toMatchObject({
          status: 401,
          body: { error: { code: 'UNAUTHENTICATED' } },
        });
      },
    );
  });

  describe('requests of the wrong shape are refused with 400 VALIDATION_FAILED, routing not asked', () => {
    const cases: Array<[what: string, method: string, path: string, body: unknown, field: string]> = [
      ['a queue without a name', 'POST', '/admin/queues', { ...NEW_QUEUE, name: undefined }, 'name'],
      ['a queue whose id is not a uuid', 'POST', '/admin/queues', { ...NEW_QUEUE, id: 'billing' }, 'id'],
      [
        'a queue without a condition (null says "every one")',
        'POST',
        '/admin/queues',
        { ...NEW_QUEUE, condition: undefined },
        'condition',
      ],
      [
        'a queue with a setting routing sets itself',
        'POST',
        '/admin/queues',
        { ...NEW_QUEUE, fallback: true },
        '',
      ],
      [
        'an unknown assignment rule',
        'POST',
        '/admin/queues',
        { ...NEW_QUEUE, assignmentRule: 'random' },
        'assignmentRule',
      ],
      [
        'an offer timeout under 5 s',
        'PATCH',
        `/admin/queues/${QUEUE_ID}`,
        { offerTimeoutSeconds: 1 },
        'offerTimeoutSeconds',
      ],
      ['a misspelt setting in a change', 'PATCH', `/admin/queues/${QUEUE_ID}`, { activ: false }, ''],
      ['a queue id that is not a uuid', 'PATCH', '/admin/queues/billing', { active: false }, ''],
      ['a change of a queue’s id', 'PATCH', `/admin/queues/${QUEUE_ID}`, { id: uuidv7() }, ''],
      ['an empty order', 'PUT', '/admin/queues/order', { queueIds: [] }, 'queueIds'],
      ['an order of names', 'PUT', '/admin/queues/order', { queueIds: ['Billing'] }, 'queueIds.0'],
      [
        'a presence state name with capitals',
        'PUT',
        '/admin/presence-states/Training',
        { receivesWork: false, channels: null },
        '',
      ],
      [
        'a presence state without receivesWork',
        'PUT',
        '/admin/presence-states/training',
        { channels: null },
        'receivesWork',
      ],
      [
        'a presence state on an unknown channel',
        'PUT',
        '/admin/presence-states/training',
        { receivesWork: true, channels: ['fax'] },
        'channels.0',
      ],
      ['a channel that is not one of ours', 'PATCH', '/admin/channels/fax', { defaultCapacity: 1 }, ''],
      ['a work item size of 0', 'PATCH', '/admin/channels/sms', { itemSize: 0 }, 'itemSize'],
      [
        'an agent id that is not a uuid',
        'PUT',
        '/admin/agents/alice/capacity',
        { universalCapacity: null, channels: { sms: 1 } },
        '',
      ],
      [
        'a negative capacity',
        'PUT',
        `/admin/agents/${ALICE.id}/capacity`,
        { universalCapacity: -1, channels: { sms: 1 } },
        'universalCapacity',
      ],
      [
        'a capacity that is not a whole number',
        'PUT',
        `/admin/agents/${ALICE.id}/capacity`,
        { universalCapacity: null, channels: { sms: 1.5 } },
        'channels.sms',
      ],
    ];

    it.each(cases)('%s', async (_what, method, path, body, field) => {
      for (const endpoint of ADMIN_ENDPOINTS) await endpoint.install(owners);
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

  describe('routing’s refusals reach the admin as routing gives them', () => {
    it('400 QUEUE_INVALID keeps every condition and schedule error, each with its path', async () => {
      const errors = [
        { path: 'condition.all[0].field', code: 'CONDITION_FIELD_UNKNOWN', message: 'no field "company"' },
        { path: 'condition.all[1].not.value', code: 'CONDITION_VALUE_INVALID', message: 'must be a boolean' },
        { path: 'schedule.windows[0].from', code: 'SCHEDULE_TIME_INVALID', message: 'must be HH:MM' },
      ];
      await CREATE_QUEUE.install(owners, new AppError('QUEUE_INVALID', 400, 'the queue is invalid', errors));
      expect(await send(CREATE_QUEUE, tokens.admin)).toEqual({
        status: 400,
        body: { error: { code: 'QUEUE_INVALID', message: 'the queue is invalid', details: errors } },
      });
    });

    it.each(
      (
        [
          ['QUEUE_NOT_FOUND', 404, UPDATE_QUEUE],
          ['QUEUE_NAME_TAKEN', 409, CREATE_QUEUE],
          ['PRESENCE_UNKNOWN', 400, CREATE_QUEUE],
          ['FALLBACK_QUEUE_FIXED', 409, UPDATE_QUEUE],
          ['QUEUE_ORDER_MISMATCH', 400, ORDER_QUEUES],
          ['PRESENCE_STATE_BUILT_IN', 409, PUT_PRESENCE_STATE],
          ['CHANNEL_NOT_FOUND', 404, UPDATE_CHANNEL],
        ] as const
      ).map(([code, status, endpoint]) => [code, status, label(endpoint), endpoint] as const),
    )('%s (%i) from %s', async (code, status, _label, endpoint) => {
      await endpoint.install(owners, new AppError(code, status, `routing says ${code}`));
      expect(await send(endpoint, tokens.admin)).toMatchObject({
        status,
        body: { error: { code, message: `routing says ${code}` } },
      });
    });

    it.each([...ADMIN_ENDPOINTS, OVERVIEW_ENDPOINT].map((endpoint) => [label(endpoint), endpoint] as const))(
      '%s while routing is down: 503 DEPENDENCY_UNAVAILABLE',
      async (_label, endpoint) => {
        expect(await send(endpoint, tokens.admin)).toMatchObject({
          status: 503,
          body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'routing' } } },
        });
      },
    );
  });

  describe('GET /routing/overview', () => {
    it.each([['maria (a manager)', 'maria'] as const, ['an admin', 'admin'] as const])(
      'gives %s routing’s overview as routing answers it',
      async (_who, who) => {
        await OVERVIEW_ENDPOINT.install(owners);
        expect(await send(OVERVIEW_ENDPOINT, tokens[who])).toEqual({ status: 200, body: OVERVIEW });
        expect(owners.asked).toEqual([{ subject: 'routing.overview.get.v1', request: {} }]);
      },
    );

    it('refuses an agent with 403 ROLE_NOT_ALLOWED, without asking routing', async () => {
      await OVERVIEW_ENDPOINT.install(owners);
      expect(await send(OVERVIEW_ENDPOINT, tokens.alice)).toMatchObject({
        status: 403,
        body: {
          error: { code: 'ROLE_NOT_ALLOWED', details: { role: 'agent', allowed: ['manager', 'admin'] } },
        },
      });
      expect(owners.asked).toEqual([]);
    });
  });
});
