import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningService, withBodyParserCodes } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { z } from 'zod';
import { startGateway } from './support/gateway';

const errorResponse = z.object({
  content: z.object({
    'application/json': z.object({
      schema: z.object({
        allOf: z.tuple([
          z.unknown(),
          z.object({
            properties: z.object({
              error: z.object({ properties: z.object({ code: z.object({ enum: z.array(z.string()) }) }) }),
            }),
          }),
        ]),
      }),
    }),
  }),
});

const operation = z.object({
  tags: z.array(z.string()),
  summary: z.string(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  responses: z.record(z.string(), z.unknown()),
});

const document = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({
    schemas: z.record(z.string(), z.unknown()),
    securitySchemes: z.record(z.string(), z.unknown()),
  }),
});

const AUTH = ['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED'];
const BODY = ['MALFORMED_BODY', 'VALIDATION_FAILED'];
const PROFILE_DOWN = ['DEPENDENCY_UNAVAILABLE'];
const P5_DENIED = ['PROFILE_ACCESS_DENIED'];
const ADMIN_ONLY = ['ROLE_NOT_ALLOWED'];
const OUTBOUND_BAD = [...BODY, 'PHONE_NUMBER_INVALID', 'USER_HAS_NO_MOBILE'];
const ROUTING_DOWN = ['DEPENDENCY_UNAVAILABLE'];
const QUEUE_BAD = [...BODY, 'QUEUE_INVALID', 'PRESENCE_UNKNOWN'];
/** The routing admin API: admins only, routing answers. */
const routingAdmin = (errors: Record<string, string[]> = {}) => ({
  '401': AUTH,
  '403': ADMIN_ONLY,
  '503': ROUTING_DOWN,
  ...errors,
});

const ACTION_BAD = [...BODY, 'MESSAGING_ACTION_INVALID'];
/** The messaging actions admin API: admins only, the timer service answers. */
const messagingActionsAdmin = (errors: Record<string, string[]> = {}) => ({
  '401': AUTH,
  '403': ADMIN_ONLY,
  '503': ['DEPENDENCY_UNAVAILABLE'],
  ...errors,
});

/** Every endpoint of the agent API with the codes it answers, per status. */
const expected: Array<[method: string, path: string, success: string, errors: Record<string, string[]>]> = [
  ['post', '/auth/login', '200', { '400': BODY, '401': ['INVALID_CREDENTIALS'] }],
  ['get', '/me', '200', { '401': AUTH }],
  ['get', '/me/company-numbers', '200', { '401': AUTH }],
  [
    'put',
    '/me/presence',
    '200',
    { '400': [...BODY, 'PRESENCE_UNKNOWN'], '401': AUTH, '503': ['DEPENDENCY_UNAVAILABLE'] },
  ],
  ['post', '/me/heartbeat', '200', { '401': AUTH, '503': ['DEPENDENCY_UNAVAILABLE'] }],
  ['get', '/me/prompts', '200', { '401': AUTH }],
  [
    'post',
    '/me/prompts/{promptId}/dismiss',
    '200',
    { '400': ['VALIDATION_FAILED'], '401': AUTH, '404': ['PROMPT_NOT_FOUND'] },
  ],
  ['get', '/inbox/offers', '200', { '401': AUTH }],
  [
    'post',
    '/offers/{workItemId}/accept',
    '200',
    {
      '400': ['VALIDATION_FAILED'],
      '401': AUTH,
      '404': ['OFFER_NOT_FOUND'],
      '409': ['OFFER_ALREADY_ACCEPTED', 'OFFER_NOT_YOURS', 'OFFER_EXPIRED'],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  [
    'post',
    '/offers/{workItemId}/reject',
    '200',
    {
      '400': ['MALFORMED_BODY', 'VALIDATION_FAILED'],
      '401': AUTH,
      '404': ['OFFER_NOT_FOUND'],
      '409': ['OFFER_ALREADY_ACCEPTED', 'OFFER_NOT_YOURS', 'OFFER_EXPIRED'],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  ['get', '/interactions/ongoing', '200', { '401': AUTH }],
  [
    'get',
    '/interactions/{id}',
    '200',
    { '400': ['VALIDATION_FAILED'], '401': AUTH, '404': ['INTERACTION_NOT_FOUND'] },
  ],
  [
    'get',
    '/interactions/{id}/timers',
    '200',
    {
      '400': ['VALIDATION_FAILED'],
      '401': AUTH,
      '404': ['INTERACTION_NOT_FOUND'],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  [
    'post',
    '/interactions/{id}/messages',
    '202',
    {
      '400': BODY,
      '401': AUTH,
      '403': ['NOT_ASSIGNEE'],
      '404': ['INTERACTION_NOT_FOUND'],
      '409': ['INTERACTION_CLOSED', 'RECIPIENT_OPTED_OUT'],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  [
    'post',
    '/interactions/{id}/transfer',
    '200',
    {
      '400': [...BODY, 'TRANSFER_TO_SELF'],
      '401': AUTH,
      '403': ['NOT_ASSIGNEE'],
      '404': ['INTERACTION_NOT_FOUND', 'TRANSFER_TARGET_NOT_FOUND'],
      '409': ['INTERACTION_CLOSED', 'INVALID_TRANSITION', 'TRANSFER_QUEUE_INACTIVE'],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  [
    'get',
    '/profiles/lookup',
    '200',
    { '400': ['VALIDATION_FAILED', 'PHONE_NUMBER_INVALID'], '401': AUTH, '503': PROFILE_DOWN },
  ],
  [
    'get',
    '/profiles/{profileId}',
    '200',
    {
      '400': ['VALIDATION_FAILED'],
      '401': AUTH,
      '403': P5_DENIED,
      '404': ['PROFILE_NOT_FOUND'],
      '503': PROFILE_DOWN,
    },
  ],
  [
    'get',
    '/profiles/{profileId}/history',
    '200',
    {
      '400': ['VALIDATION_FAILED'],
      '401': AUTH,
      '403': P5_DENIED,
      '404': ['PROFILE_NOT_FOUND'],
      '503': PROFILE_DOWN,
    },
  ],
  [
    'put',
    '/profiles/{profileId}/user',
    '200',
    {
      '400': BODY,
      '401': AUTH,
      '403': P5_DENIED,
      '404': ['PROFILE_NOT_FOUND', 'USER_NOT_FOUND'],
      '409': ['USER_INACTIVE', 'PROFILE_INACTIVE'],
      '503': PROFILE_DOWN,
    },
  ],
  [
    'post',
    '/profiles/{profileId}/history/{auditId}/undo',
    '200',
    {
      '400': BODY,
      '401': AUTH,
      '403': P5_DENIED,
      '404': ['PROFILE_NOT_FOUND', 'AUDIT_NOT_FOUND', 'USER_NOT_FOUND'],
      '409': ['ALREADY_UNDONE', 'CHANGED_SINCE', 'NOT_UNDOABLE', 'USER_INACTIVE', 'PROFILE_INACTIVE'],
      '503': PROFILE_DOWN,
    },
  ],
  [
    'post',
    '/outbound/precheck',
    '200',
    {
      '400': OUTBOUND_BAD,
      '401': AUTH,
      '403': ['COMPANY_NUMBER_NOT_ALLOWED'],
      '404': ['USER_NOT_FOUND'],
      '409': ['USER_INACTIVE'],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  [
    'post',
    '/outbound/conversations',
    '201',
    {
      '400': OUTBOUND_BAD,
      '401': AUTH,
      '403': ['COMPANY_NUMBER_NOT_ALLOWED'],
      '404': ['USER_NOT_FOUND'],
      '409': [
        'CONFIRMATION_REQUIRED',
        'RECIPIENT_OPTED_OUT',
        'USER_INACTIVE',
        'INVALID_TRANSITION',
        'CONFLICT',
      ],
      '503': ['DEPENDENCY_UNAVAILABLE'],
    },
  ],
  ['get', '/directory/users', '200', { '400': ['VALIDATION_FAILED'], '401': AUTH, '503': PROFILE_DOWN }],
  [
    'post',
    '/directory/imports',
    '202',
    {
      '400': ['VALIDATION_FAILED', 'IMPORT_EMPTY', 'IMPORT_HEADER_INVALID', 'IMPORT_FORMAT_INVALID'],
      '401': AUTH,
      '403': ADMIN_ONLY,
      '409': ['IMPORT_ID_REUSED'],
      '413': ['IMPORT_TOO_LARGE'],
      '415': ['IMPORT_UNSUPPORTED_TYPE'],
      '503': PROFILE_DOWN,
    },
  ],
  [
    'get',
    '/directory/imports/{importId}',
    '200',
    {
      '400': ['VALIDATION_FAILED'],
      '401': AUTH,
      '403': ADMIN_ONLY,
      '404': ['IMPORT_NOT_FOUND'],
      '503': PROFILE_DOWN,
    },
  ],
  ['get', '/admin/queues', '200', routingAdmin()],
  ['post', '/admin/queues', '201', routingAdmin({ '400': QUEUE_BAD, '409': ['QUEUE_NAME_TAKEN'] })],
  [
    'patch',
    '/admin/queues/{queueId}',
    '200',
    routingAdmin({
      '400': QUEUE_BAD,
      '404': ['QUEUE_NOT_FOUND'],
      '409': ['QUEUE_NAME_TAKEN', 'FALLBACK_QUEUE_FIXED'],
    }),
  ],
  [
    'put',
    '/admin/queues/order',
    '200',
    routingAdmin({ '400': [...BODY, 'QUEUE_ORDER_MISMATCH'], '409': ['FALLBACK_QUEUE_FIXED'] }),
  ],
  ['get', '/admin/presence-states', '200', routingAdmin()],
  [
    'put',
    '/admin/presence-states/{name}',
    '200',
    routingAdmin({ '400': BODY, '409': ['PRESENCE_STATE_BUILT_IN'] }),
  ],
  ['get', '/admin/channels', '200', routingAdmin()],
  ['patch', '/admin/channels/{name}', '200', routingAdmin({ '400': BODY, '404': ['CHANNEL_NOT_FOUND'] })],
  ['put', '/admin/agents/{agentId}/capacity', '200', routingAdmin({ '400': BODY })],
  ['get', '/routing/overview', '200', { '401': AUTH, '403': ADMIN_ONLY, '503': ROUTING_DOWN }],
  ['get', '/admin/agents', '200', { '401': AUTH, '403': ADMIN_ONLY }],
  ['get', '/admin/company-numbers', '200', { '401': AUTH, '403': ADMIN_ONLY }],
  ['get', '/admin/messaging-actions', '200', messagingActionsAdmin()],
  [
    'post',
    '/admin/messaging-actions',
    '201',
    messagingActionsAdmin({ '400': ACTION_BAD, '409': ['MESSAGING_ACTION_NAME_TAKEN'] }),
  ],
  [
    'patch',
    '/admin/messaging-actions/{actionId}',
    '200',
    messagingActionsAdmin({
      '400': ACTION_BAD,
      '404': ['MESSAGING_ACTION_NOT_FOUND'],
      '409': ['MESSAGING_ACTION_NAME_TAKEN'],
    }),
  ],
  [
    'delete',
    '/admin/messaging-actions/{actionId}',
    '200',
    messagingActionsAdmin({ '400': ['VALIDATION_FAILED'], '404': ['MESSAGING_ACTION_NOT_FOUND'] }),
  ],
];

describe('OpenAPI document', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let paths: z.infer<typeof document>['paths'];
  let schemas: z.infer<typeof document>['components']['schemas'];
  let securitySchemes: z.infer<typeof document>['components']['securitySchemes'];
  let served: unknown;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    const response = await fetch(`${service.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    served = await response.json();
    ({
      paths,
      components: { schemas, securitySchemes },
    } = document.parse(served));
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  it('is the document committed as openapi.json, which the web app’s types are generated from', () => {
    const committed: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
    const stale =
      'services/agent-gateway/openapi.json differs from the document the gateway serves. After changing ' +
      'the API, run `pnpm --filter @threadline/agent-gateway openapi:write` (it rewrites the file and ' +
      'the web app’s types in apps/web/src/api/agent-gateway.d.ts) and commit both';
    try {
      expect(served).toEqual(committed);
    } catch (difference) {
      throw new Error(
        `${stale}.\n\n${difference instanceof Error ? difference.message : String(difference)}`,
        { cause: difference },
      );
    }
  });

  it.each(expected)(
    'documents %s %s with its answer and every error code it gives',
    (method, path, success, errors) => {
      const documented = operation.parse(paths[path]?.[method]);
      expect(documented.responses[success]).toBeDefined();
      for (const [status, codes] of Object.entries(errors)) {
        const response = errorResponse.parse(documented.responses[status]);
        // Its own codes, then what the platform's body parsers answer at that status on any route.
        expect(
          response.content['application/json'].schema.allOf[1].properties.error.properties.code.enum,
        ).toEqual(withBodyParserCodes(Number(status), codes));
      }
      expect(documented.security).toEqual(path === '/auth/login' ? [] : [{ agent: [] }]);
    },
  );

  it('declares the agent token and the operator token as bearer schemes, so clients can send them', () => {
    expect(securitySchemes).toEqual({
      agent: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      operator: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('describes both upload formats of a directory import, and where the import is', () => {
    const upload = z
      .object({
        requestBody: z.object({ content: z.record(z.string(), z.unknown()) }),
        parameters: z.array(z.object({ name: z.string(), in: z.string() })),
        responses: z.object({ '202': z.object({ headers: z.record(z.string(), z.unknown()) }) }),
      })
      .parse(paths['/directory/imports']?.post);
    expect(Object.keys(upload.requestBody.content)).toEqual(['text/csv', 'application/json']);
    expect(upload.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
        expect.objectContaining({ name: 'fileName', in: 'query' }),
      ]),
    );
    expect(Object.keys(upload.responses['202'].headers)).toEqual(['Location']);
  });

  it('shows the profile and the identity conflict reason on conversations (SPEC P4)', () => {
    const summary = z
      .object({ properties: z.record(z.string(), z.unknown()) })
      .parse(schemas.ConversationSummaryDto);
    expect(summary.properties).toMatchObject({
      profileId: { nullable: true },
      identityConflict: { type: 'boolean' },
      identityConflictReason: {
        enum: ['several_users', 'directory_disagrees', 'profile_user_inactive'],
        nullable: true,
      },
    });
  });

  it('tags the routing admin API routing-admin, and describes the condition language and the schedule', () => {
    const gatewayOwn = ['/admin/agents', '/admin/company-numbers'];
    const adminPaths = Object.keys(paths).filter(
      (path) =>
        path.startsWith('/admin/') &&
        !path.startsWith('/admin/messaging-actions') &&
        !gatewayOwn.includes(path),
    );
    expect(adminPaths).toHaveLength(8);
    for (const path of adminPaths) {
      for (const documented of Object.values(paths[path] ?? {})) {
        expect(operation.parse(documented).tags).toEqual(['routing-admin']);
      }
    }
    const queue = z
      .object({ properties: z.record(z.string(), z.object({ description: z.string().optional() })) })
      .parse(schemas.CreateQueueRequestDto);
    const condition = queue.properties.condition?.description ?? '';
    const fields = ['companyAddress', 'requesterAddress', 'requesterIsGuest', 'identityConflict'];
    const moreFields = ['handoffReason', 'topic', 'channel', 'priority', 'reopened'];
    const operators = ['eq', 'ne', 'in', 'not_in', 'exists', 'starts_with', 'gt', 'gte', 'lt', 'lte'];
    for (const name of [...fields, ...moreFields, ...operators]) expect(condition).toContain(`\`${name}\``);
    for (const combinator of ['all', 'any', 'not']) expect(condition).toContain(`{ "${combinator}": `);
    expect(condition).toContain('QUEUE_INVALID');
    expect(condition).toContain('docs/routing.md');
    expect(queue.properties.schedule?.description).toContain('docs/routing.md');
    expect(schemas.WeeklyScheduleDto).toMatchObject({
      properties: { timeZone: { type: 'string' }, windows: { type: 'array' } },
    });
    expect(schemas.ScheduleWindowDto).toMatchObject({
      properties: { days: { items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] } } },
    });
  });

  it('tags the messaging actions admin API on its own, and describes the filter language and the effects', () => {
    const actionPaths = Object.keys(paths).filter((path) => path.startsWith('/admin/messaging-actions'));
    expect(actionPaths).toEqual(['/admin/messaging-actions', '/admin/messaging-actions/{actionId}']);
    for (const path of actionPaths) {
      for (const documented of Object.values(paths[path] ?? {})) {
        expect(operation.parse(documented).tags).toEqual(['messaging-actions-admin']);
      }
    }
    const described = z.object({
      properties: z.record(z.string(), z.object({ description: z.string().optional() })),
    });
    const action = described.parse(schemas.CreateMessagingActionRequestDto);
    const condition = action.properties.condition?.description ?? '';
    const fields = ['companyAddress', 'priority', 'state', 'assigned', 'assigneeId', 'queueId'];
    const operators = ['eq', 'ne', 'in', 'not_in', 'exists', 'starts_with', 'gt', 'gte', 'lt', 'lte'];
    for (const name of [...fields, ...operators]) expect(condition).toContain(`\`${name}\``);
    for (const combinator of ['all', 'any', 'not']) expect(condition).toContain(`{ "${combinator}": `);
    expect(condition).toContain('MESSAGING_ACTION_INVALID');
    expect(condition).toContain('docs/messaging-actions.md');
    const effect = described.parse(schemas.MessagingActionEffectDto);
    for (const kind of ['prompt_agent', 'prompt_requester', 'reassign', 'set_state']) {
      expect(effect.properties.kind?.description).toContain(`\`${kind}\``);
    }
  });

  it('describes the answers with schemas, not just descriptions', () => {
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'LoginResponseDto',
        'AgentDto',
        'PresenceResponseDto',
        'HeartbeatDto',
        'InboxOffersDto',
        'AcceptedOfferDto',
        'OngoingListDto',
        'InteractionDetailDto',
        'TranscriptMessageDto',
        'SentMessageDto',
        'RequesterLookupDto',
        'MessagingProfileDto',
        'DirectoryUserDto',
        'ProfileHistoryDto',
        'AuditEntryDto',
        'ProfileChangeDto',
        'DirectoryUsersDto',
        'DirectoryImportRowDto',
        'ImportStatusDto',
        'ImportStatusPageDto',
        'ImportRejectionDto',
        'CompanyNumbersDto',
        'OutboundPrecheckDto',
        'ActiveConversationDto',
        'StartedOutboundDto',
        'QueueDto',
        'QueueListDto',
        'CreateQueueRequestDto',
        'UpdateQueueRequestDto',
        'WeeklyScheduleDto',
        'PresenceStatesDto',
        'ServiceChannelsDto',
        'AgentCapacityDto',
        'RoutingOverviewDto',
        'MessagingActionDto',
        'MessagingActionListDto',
        'CreateMessagingActionRequestDto',
        'UpdateMessagingActionRequestDto',
        'MessagingActionEffectDto',
        'DeletedMessagingActionDto',
        'InteractionTimersDto',
        'InteractionTimerDto',
        'AgentPromptDto',
        'AgentPromptsDto',
        'AgentAccountsDto',
        'AdminCompanyNumbersDto',
        'ErrorBody',
      ]),
    );
  });
});
