// The authorisation matrix (issue 15, item 3): every HTTP route and WebSocket action of every
// service, and what each kind of caller is answered. authorisation.e2e-spec.ts checks every cell
// against the running system, and fails when a service serves a route this table has no row for
// (GET /ops/routes lists what each process serves). docs/authorisation.md says the same in words.
import type { ServiceName } from '@threadline/testkit';

/** The callers every row is tried with. */
export const PRINCIPALS = [
  /** No Authorization header. */
  'none',
  /** alice's token, signed with the gateway's secret, whose `exp` has passed. */
  'expired',
  /** OPERATOR_TOKEN as a bearer token. */
  'operator',
  /** bob: an agent who is not the one the resource belongs to (not the assignee, not offered it). */
  'otherAgent',
  'manager',
  'admin',
  /** alice: the agent the resource belongs to (assignee of the conversation, offered the work item). */
  'agent',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** A status, and the error code when it is a refusal (`{ error: { code } }`). */
export interface Expected {
  status: number;
  code?: string;
}

/** What the test created before the matrix runs (all of it alice's unless said otherwise). */
export interface Fixtures {
  /** In progress, assigned to alice; read, replied to and refused to others. */
  conversation: string;
  /** The messaging profile of that conversation's requester. */
  profileId: string;
  /** One conversation of alice's per caller allowed to act on it, for each lifecycle command. */
  toEnd: Record<'agent' | 'manager' | 'admin', string>;
  toHold: Record<'agent' | 'manager' | 'admin', string>;
  /** Already on hold. */
  toResume: Record<'agent' | 'manager' | 'admin', string>;
  toTransfer: Record<'agent' | 'manager' | 'admin', string>;
  /** Work items offered to alice and not answered yet. */
  offerToAccept: string;
  offerToReject: string;
  /** The fallback queue (routing's seed). */
  queueId: string;
  /** A phone number per caller that nobody texts, for conversations they start. */
  freshPhone: Record<Principal, string>;
}

/** One request, as the row makes it for a caller. */
export interface RequestSpec {
  /** The concrete path with its query, e.g. `/interactions/0190…/messages`. */
  path: string;
  body?: unknown;
  /** Sent as is with this content type (images, CSV); otherwise `body` is JSON. */
  raw?: { contentType: string; bytes: Buffer | string };
  headers?: Record<string, string>;
}

export interface HttpRow {
  service: ServiceName;
  /** As the router has it: `GET`, `POST`, ...; `MOUNT` for a handler mounted under a path prefix. */
  method: string;
  /** As the router has it (`/interactions/:id`), or the prefix of a mount. */
  route: string;
  /** Who may, in words (docs/authorisation.md). */
  who: string;
  /** The method a MOUNT row is tried with. */
  tryWith?: string;
  request?: (fixtures: Fixtures, caller: Principal) => RequestSpec;
  expect: Record<Principal, Expected>;
  /**
   * The answer to a request that carries the provider's signature (webhooks) or our URL signature
   * (media for the provider), whatever bearer token it also carries; `signed` in the test.
   */
  signed?: Expected;
}

const uuid = '01970000-0000-7000-8000-00000000a07e';
const answer = (status: number, code?: string): Expected => (code ? { status, code } : { status });
const OK = answer(200);

// ── Shapes most rows share ──────────────────────────────────────────────────────────────────────

/** The agent API: a valid token of an active agent first (401), then the rule of the route. */
function agentApi(allowed: Record<'otherAgent' | 'agent' | 'manager' | 'admin', Expected>) {
  return {
    none: answer(401, 'UNAUTHENTICATED'),
    expired: answer(401, 'TOKEN_EXPIRED'),
    // Not a JWT of ours: the operator token opens /ops only.
    operator: answer(401, 'TOKEN_INVALID'),
    ...allowed,
  };
}

/** Every agent alike: no resource of someone else's is involved. */
function anyAgent(outcome: Expected) {
  return agentApi({ otherAgent: outcome, agent: outcome, manager: outcome, admin: outcome });
}

/** Only these roles; the others get 403 ROLE_NOT_ALLOWED before anything they sent is read. */
function onlyRoles(roles: ReadonlyArray<'agent' | 'manager' | 'admin'>, outcome: Expected) {
  const refused = answer(403, 'ROLE_NOT_ALLOWED');
  const of = (role: 'agent' | 'manager' | 'admin') => (roles.includes(role) ? outcome : refused);
  return agentApi({
    otherAgent: of('agent'),
    agent: of('agent'),
    manager: of('manager'),
    admin: of('admin'),
  });
}

/** `/ops/*`: OPERATOR_TOKEN only; an agent's token is just a wrong operator token. */
function operatorOnly(outcome: Expected) {
  const refused = answer(401, 'UNAUTHENTICATED');
  return {
    none: refused,
    expired: refused,
    operator: outcome,
    otherAgent: refused,
    manager: refused,
    admin: refused,
    agent: refused,
  };
}

/** Health, metrics, API documents, log-in, the web app: the same for everyone. */
function everyone(outcome: Expected) {
  return Object.fromEntries(PRINCIPALS.map((caller) => [caller, outcome])) as Record<Principal, Expected>;
}

/** Which caller stands for whom in per-caller fixtures: anyone else tries alice's conversation. */
function actingOn(
  own: Record<'agent' | 'manager' | 'admin', string>,
  f: Fixtures,
  caller: Principal,
): string {
  return caller === 'agent' || caller === 'manager' || caller === 'admin' ? own[caller] : f.conversation;
}

const interactionNotFound = answer(404, 'INTERACTION_NOT_FOUND');
const notAssignee = answer(403, 'NOT_ASSIGNEE');
const profileDenied = answer(403, 'PROFILE_ACCESS_DENIED');
const invalid = answer(400, 'VALIDATION_FAILED');

/** A 1×1 PNG: the upload's bytes must be the image type they claim. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

// ── Every service: health, metrics, API documents, operations ─────────────────────────────────

/** What the platform serves in every service (packages/platform/src/http, the OpenAPI setup). */
function platformRows(service: ServiceName): HttpRow[] {
  const open = (route: string, who: string, expect: Expected = OK): HttpRow => ({
    service,
    method: 'GET',
    route,
    who,
    expect: everyone(expect),
  });
  return [
    open('/healthz', 'everyone (liveness)'),
    open('/readyz', 'everyone (readiness)'),
    open('/metrics', 'everyone (Prometheus; keep it off the public network)'),
    open('/docs', 'everyone (the OpenAPI document, as a page)'),
    open('/docs/', 'everyone (the same page)'),
    open('/docs/index.html', 'everyone (the same page)'),
    open('/docs/swagger-ui-init.js', 'everyone (the page’s script)'),
    open('/docs/docs/swagger-ui-init.js', 'everyone (the same script, for /docs/ with its slash)'),
    open('/docs/openapi.json', 'everyone (the OpenAPI document)'),
    open('/docs-yaml', 'everyone (the OpenAPI document in YAML)'),
    open('/docs/LICENSE', 'nobody: Swagger UI answers its licence link 404', answer(404, 'NOT_FOUND')),
    {
      service,
      method: 'MOUNT',
      route: '/docs',
      tryWith: 'GET',
      who: 'everyone (Swagger UI’s static files)',
      request: () => ({ path: '/docs/swagger-ui.css' }),
      expect: everyone(OK),
    },
    {
      service,
      method: 'GET',
      route: '/ops/dead-letters',
      who: 'the operator token',
      expect: operatorOnly(OK),
    },
    {
      service,
      method: 'POST',
      route: '/ops/dead-letters/:id/replay',
      who: 'the operator token',
      request: () => ({ path: '/ops/dead-letters/1/replay' }),
      expect: operatorOnly(answer(404, 'DEAD_LETTER_NOT_FOUND')),
    },
    { service, method: 'GET', route: '/ops/routes', who: 'the operator token', expect: operatorOnly(OK) },
  ];
}

// ── agent-gateway ──────────────────────────────────────────────────────────────────────────────

const gateway = (
  method: string,
  route: string,
  who: string,
  expect: Record<Principal, Expected>,
  request?: HttpRow['request'],
): HttpRow => ({ service: 'agent-gateway', method, route, who, expect, ...(request && { request }) });

const agentGatewayRows: HttpRow[] = [
  gateway('GET', '/', 'everyone (redirects to the web app)', everyone(answer(302))),
  {
    service: 'agent-gateway',
    method: 'MOUNT',
    route: '/app',
    tryWith: 'GET',
    who: 'everyone (the web app’s files; the data it shows comes from the API below)',
    request: () => ({ path: '/app/' }),
    expect: everyone(OK),
  },
  gateway('POST', '/auth/login', 'everyone (the password is the credential)', everyone(OK), () => ({
    path: '/auth/login',
    body: { username: 'bob', password: 'threadline-demo' },
  })),

  // Me: whoever the token belongs to, about themselves.
  gateway('GET', '/me', 'any agent, about themselves', anyAgent(OK)),
  gateway('GET', '/me/company-numbers', 'any agent, their own numbers', anyAgent(OK)),
  gateway('GET', '/me/message-limits', 'any agent', anyAgent(OK)),
  gateway('PUT', '/me/presence', 'any agent, their own presence', anyAgent(OK), (_f, caller) => ({
    path: '/me/presence',
    // alice stays available (her offers are fixtures); the others stay out of routing's way.
    body: { presence: caller === 'agent' ? 'available' : 'away' },
  })),
  gateway('POST', '/me/heartbeat', 'any agent, for themselves', anyAgent(OK)),
  gateway('GET', '/me/prompts', 'any agent, their own prompts', anyAgent(OK)),
  gateway(
    'POST',
    '/me/prompts/:promptId/dismiss',
    'the agent prompted (someone else’s prompt is not told apart from none)',
    anyAgent(answer(404, 'PROMPT_NOT_FOUND')),
    () => ({ path: `/me/prompts/${uuid}/dismiss` }),
  ),

  // Offers: personal; routing decides whose an offer is.
  gateway('GET', '/inbox/offers', 'any agent, the offers made to them', anyAgent(OK)),
  gateway(
    'POST',
    '/offers/:workItemId/accept',
    'the agent it is offered to',
    agentApi({
      otherAgent: answer(409, 'OFFER_NOT_YOURS'),
      manager: answer(409, 'OFFER_NOT_YOURS'),
      admin: answer(409, 'OFFER_NOT_YOURS'),
      agent: OK,
    }),
    (f) => ({ path: `/offers/${f.offerToAccept}/accept` }),
  ),
  gateway(
    'POST',
    '/offers/:workItemId/reject',
    'the agent it is offered to',
    agentApi({
      otherAgent: answer(409, 'OFFER_NOT_YOURS'),
      manager: answer(409, 'OFFER_NOT_YOURS'),
      admin: answer(409, 'OFFER_NOT_YOURS'),
      agent: OK,
    }),
    (f) => ({ path: `/offers/${f.offerToReject}/reject`, body: { reason: 'authorisation matrix' } }),
  ),

  // Conversations: hidden (404) from whoever may not read them.
  gateway('GET', '/interactions/ongoing', 'any agent, their own Ongoing', anyAgent(OK)),
  gateway(
    'GET',
    '/interactions/search',
    'any agent (agents find their own; managers and admins every one)',
    anyAgent(OK),
    () => ({ path: '/interactions/search?q=matrix' }),
  ),
  gateway(
    'GET',
    '/interactions/:id',
    'its assignee, agents it is offered to, managers, admins',
    agentApi({ otherAgent: interactionNotFound, agent: OK, manager: OK, admin: OK }),
    (f) => ({ path: `/interactions/${f.conversation}` }),
  ),
  gateway(
    'GET',
    '/interactions/:id/history',
    'whoever may read the conversation',
    agentApi({ otherAgent: interactionNotFound, agent: OK, manager: OK, admin: OK }),
    (f) => ({ path: `/interactions/${f.conversation}/history` }),
  ),
  gateway(
    'GET',
    '/interactions/:id/timers',
    'whoever may read the conversation',
    agentApi({ otherAgent: interactionNotFound, agent: OK, manager: OK, admin: OK }),
    (f) => ({ path: `/interactions/${f.conversation}/timers` }),
  ),
  gateway(
    'GET',
    '/interactions/:id/media/:mediaId',
    'whoever may read the conversation (no such image in it: 404 MEDIA_NOT_FOUND, after the access check)',
    agentApi({
      otherAgent: interactionNotFound,
      agent: answer(404, 'MEDIA_NOT_FOUND'),
      manager: answer(404, 'MEDIA_NOT_FOUND'),
      admin: answer(404, 'MEDIA_NOT_FOUND'),
    }),
    (f) => ({ path: `/interactions/${f.conversation}/media/no-such-image` }),
  ),
  gateway(
    'POST',
    '/interactions/:id/messages',
    'its assignee only (managers read it but do not write in it)',
    agentApi({
      otherAgent: interactionNotFound,
      agent: answer(202),
      manager: interactionNotFound,
      admin: interactionNotFound,
    }),
    (f) => ({ path: `/interactions/${f.conversation}/messages`, body: { body: 'From the matrix' } }),
  ),
  gateway(
    'POST',
    '/interactions/:id/end',
    'its assignee, managers, admins (others: 403 NOT_ASSIGNEE, docs/lifecycle.md)',
    agentApi({ otherAgent: notAssignee, agent: OK, manager: OK, admin: OK }),
    (f, caller) => ({
      path: `/interactions/${actingOn(f.toEnd, f, caller)}/end`,
      body: { outcome: 'complete' },
    }),
  ),
  gateway(
    'POST',
    '/interactions/:id/hold',
    'its assignee, managers, admins',
    agentApi({ otherAgent: notAssignee, agent: OK, manager: OK, admin: OK }),
    (f, caller) => ({ path: `/interactions/${actingOn(f.toHold, f, caller)}/hold` }),
  ),
  gateway(
    'POST',
    '/interactions/:id/resume',
    'its assignee, managers, admins',
    agentApi({ otherAgent: notAssignee, agent: OK, manager: OK, admin: OK }),
    // The others try alice's shared conversation, which is on hold for none of them: they
    // would get 409 for its state before their role is looked at; bob tries one on hold.
    (f, caller) => ({
      path: `/interactions/${caller === 'otherAgent' ? f.toResume.agent : actingOn(f.toResume, f, caller)}/resume`,
    }),
  ),
  gateway(
    'POST',
    '/interactions/:id/wrap-up',
    'its assignee, managers, admins, once it is in wrap-up (the state is checked first: wrap-up is off here)',
    agentApi({
      otherAgent: answer(409, 'INVALID_TRANSITION'),
      agent: answer(409, 'INVALID_TRANSITION'),
      manager: answer(409, 'INVALID_TRANSITION'),
      admin: answer(409, 'INVALID_TRANSITION'),
    }),
    (f) => ({ path: `/interactions/${f.conversation}/wrap-up` }),
  ),
  gateway(
    'POST',
    '/interactions/:id/transfer',
    'its assignee, managers, admins',
    agentApi({ otherAgent: notAssignee, agent: OK, manager: OK, admin: OK }),
    (f, caller) => ({
      path: `/interactions/${actingOn(f.toTransfer, f, caller)}/transfer`,
      body: { queueId: f.queueId, note: 'authorisation matrix' },
    }),
  ),
  gateway('POST', '/media', 'any agent (the image is theirs to send)', anyAgent(answer(201)), () => ({
    path: '/media',
    raw: { contentType: 'image/png', bytes: PNG },
  })),

  // Conversations agents start (SPEC A1–A4): any agent, from the numbers they may use.
  gateway(
    'POST',
    '/outbound/precheck',
    'any agent, from a number they may use',
    anyAgent(OK),
    (f, caller) => ({
      path: '/outbound/precheck',
      body: { companyAddress: '+15550100001', to: f.freshPhone[caller] },
    }),
  ),
  gateway(
    'POST',
    '/outbound/conversations',
    'any agent, from a number they may use',
    anyAgent(answer(201)),
    (f, caller) => ({
      path: '/outbound/conversations',
      body: { companyAddress: '+15550100001', to: f.freshPhone[caller], body: 'Hello from the matrix' },
    }),
  ),

  // Profiles (SPEC P5) and the directory.
  gateway('GET', '/profiles/lookup', 'any agent', anyAgent(OK), () => ({
    path: '/profiles/lookup?address=%2B15551230001',
  })),
  gateway(
    'GET',
    '/profiles/:profileId',
    'the agent holding an open conversation of its number, managers, admins',
    agentApi({ otherAgent: profileDenied, agent: OK, manager: OK, admin: OK }),
    (f) => ({ path: `/profiles/${f.profileId}` }),
  ),
  gateway(
    'GET',
    '/profiles/:profileId/history',
    'the agent holding an open conversation of its number, managers, admins',
    agentApi({ otherAgent: profileDenied, agent: OK, manager: OK, admin: OK }),
    (f) => ({ path: `/profiles/${f.profileId}/history` }),
  ),
  gateway(
    'PUT',
    '/profiles/:profileId/user',
    'the agent holding an open conversation of its number, managers, admins (an unknown user: 404 after the check)',
    agentApi({
      otherAgent: profileDenied,
      agent: answer(404, 'USER_NOT_FOUND'),
      manager: answer(404, 'USER_NOT_FOUND'),
      admin: answer(404, 'USER_NOT_FOUND'),
    }),
    (f) => ({
      path: `/profiles/${f.profileId}/user`,
      body: { userId: uuid, reason: 'authorisation matrix' },
    }),
  ),
  gateway(
    'POST',
    '/profiles/:profileId/history/:auditId/undo',
    'the agent holding an open conversation of its number, managers, admins (an unknown change: 404 after the check)',
    agentApi({
      otherAgent: profileDenied,
      agent: answer(404, 'AUDIT_NOT_FOUND'),
      manager: answer(404, 'AUDIT_NOT_FOUND'),
      admin: answer(404, 'AUDIT_NOT_FOUND'),
    }),
    (f) => ({
      path: `/profiles/${f.profileId}/history/${uuid}/undo`,
      body: { reason: 'authorisation matrix' },
    }),
  ),
  gateway('GET', '/directory/users', 'any agent', anyAgent(OK), () => ({
    path: '/directory/users?q=lovelace',
  })),
  gateway('POST', '/directory/imports', 'admins', onlyRoles(['admin'], answer(202)), () => ({
    path: '/directory/imports?fileName=matrix.csv',
    raw: { contentType: 'text/csv', bytes: 'external_id,name\nMATRIX-1,Matrix Person\n' },
  })),
  gateway(
    'GET',
    '/directory/imports/:importId',
    'admins (an unknown import: 404 after the role check)',
    onlyRoles(['admin'], answer(404, 'IMPORT_NOT_FOUND')),
    () => ({ path: `/directory/imports/${uuid}` }),
  ),

  // Supervision (SPEC I5) and routing's overview.
  // The query is wrong on purpose: a refused role gets 403 whatever it sent (fixed in this issue).
  gateway(
    'GET',
    '/supervision/ongoing',
    'managers, admins',
    onlyRoles(['manager', 'admin'], invalid),
    () => ({ path: '/supervision/ongoing?state=bogus' }),
  ),
  gateway(
    'GET',
    '/supervision/waiting',
    'managers, admins',
    onlyRoles(['manager', 'admin'], invalid),
    () => ({ path: '/supervision/waiting?queueState=bogus' }),
  ),
  gateway('GET', '/routing/overview', 'managers, admins', onlyRoles(['manager', 'admin'], OK)),

  // Administration: admins only, refused before the body is read (so the others' 403 comes
  // before the admin's 400 for the same empty body).
  gateway('GET', '/admin/agents', 'admins', onlyRoles(['admin'], OK)),
  gateway('GET', '/admin/company-numbers', 'admins', onlyRoles(['admin'], OK)),
  gateway('GET', '/admin/queues', 'admins', onlyRoles(['admin'], OK)),
  gateway('POST', '/admin/queues', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: '/admin/queues',
    body: {},
  })),
  gateway('PUT', '/admin/queues/order', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: '/admin/queues/order',
    body: {},
  })),
  gateway('PATCH', '/admin/queues/:queueId', 'admins', onlyRoles(['admin'], invalid), (f) => ({
    path: `/admin/queues/${f.queueId}`,
    body: { unknownSetting: true },
  })),
  gateway('GET', '/admin/presence-states', 'admins', onlyRoles(['admin'], OK)),
  gateway('PUT', '/admin/presence-states/:name', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: '/admin/presence-states/matrix_state',
    body: {},
  })),
  gateway('GET', '/admin/channels', 'admins', onlyRoles(['admin'], OK)),
  gateway('PATCH', '/admin/channels/:name', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: '/admin/channels/sms',
    body: { unknownSetting: true },
  })),
  gateway('PUT', '/admin/agents/:agentId/capacity', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: `/admin/agents/${uuid}/capacity`,
    body: {},
  })),
  gateway('GET', '/admin/messaging-actions', 'admins', onlyRoles(['admin'], OK)),
  gateway('POST', '/admin/messaging-actions', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: '/admin/messaging-actions',
    body: {},
  })),
  gateway('PATCH', '/admin/messaging-actions/:actionId', 'admins', onlyRoles(['admin'], invalid), () => ({
    path: `/admin/messaging-actions/${uuid}`,
    body: { unknownSetting: true },
  })),
  gateway(
    'DELETE',
    '/admin/messaging-actions/:actionId',
    'admins (an unknown action: 404 after the role check)',
    onlyRoles(['admin'], answer(404, 'MESSAGING_ACTION_NOT_FOUND')),
    () => ({ path: `/admin/messaging-actions/${uuid}` }),
  ),
];

// ── sms-gateway: the providers' webhooks and media URLs ────────────────────────────────────────

/** A bearer token is no credential here: only the provider's signature is. */
function signatureOnly(refusal: Expected) {
  return everyone(refusal);
}

const smsGatewayRows: HttpRow[] = [
  {
    service: 'sms-gateway',
    method: 'POST',
    route: '/webhooks/twilio/sms',
    who: 'Twilio, by its request signature (X-Twilio-Signature)',
    request: () => ({
      path: '/webhooks/twilio/sms',
      raw: { contentType: 'application/x-www-form-urlencoded', bytes: '' },
    }),
    expect: signatureOnly(answer(403, 'SIGNATURE_MISSING')),
    // Signed but empty: past the signature, refused for naming no account of ours.
    signed: answer(403, 'ACCOUNT_MISMATCH'),
  },
  {
    service: 'sms-gateway',
    method: 'POST',
    route: '/webhooks/twilio/status',
    who: 'Twilio, by its request signature (X-Twilio-Signature)',
    request: () => ({
      path: '/webhooks/twilio/status',
      raw: { contentType: 'application/x-www-form-urlencoded', bytes: '' },
    }),
    expect: signatureOnly(answer(403, 'SIGNATURE_MISSING')),
    signed: answer(400, 'WEBHOOK_FIELD_MISSING'),
  },
  {
    service: 'sms-gateway',
    method: 'POST',
    route: '/webhooks/telnyx',
    who: 'Telnyx, by its Ed25519 signature (telnyx-signature-ed25519; signed webhooks: telnyx.e2e-spec)',
    request: () => ({ path: '/webhooks/telnyx', body: {} }),
    expect: signatureOnly(answer(403, 'SIGNATURE_MISSING')),
  },
  {
    service: 'sms-gateway',
    method: 'GET',
    route: '/media/*key',
    who: 'whoever holds a URL we signed, until it expires (the provider fetching an agent’s image)',
    request: () => ({ path: '/media/matrix/none.png' }),
    expect: signatureOnly(answer(403, 'MEDIA_URL_INVALID')),
    // A valid signature for a key with nothing stored: past the check.
    signed: answer(404, 'MEDIA_NOT_FOUND'),
  },
  {
    service: 'sms-gateway',
    method: 'GET',
    route: '/ops/inbound/rejected',
    who: 'the operator token',
    expect: operatorOnly(OK),
  },
];

/** Every HTTP route of every service. */
export const HTTP_MATRIX: readonly HttpRow[] = [
  ...agentGatewayRows,
  ...smsGatewayRows,
  ...(['agent-gateway', 'sms-gateway', 'profile', 'interaction', 'routing', 'timer'] as const).flatMap(
    platformRows,
  ),
];

/**
 * Handlers every request of a service passes through, which serve no path of their own: the
 * platform's body parsers (JSON, form, and their size and content-type checks) and Nest's
 * not-found and error handlers, all anonymous functions, five in all; agent-gateway's `handle`
 * takes the body of POST /directory/imports (its row is above) after checking the admin's token.
 * Another one in a service's list is a handler this table does not know.
 */
const PLATFORM_MIDDLEWARE = Array.from({ length: 5 }, () => '<anonymous>');
export const PASS_THROUGH_MIDDLEWARE: Readonly<Record<ServiceName, readonly string[]>> = {
  'agent-gateway': ['handle', ...PLATFORM_MIDDLEWARE],
  'sms-gateway': PLATFORM_MIDDLEWARE,
  profile: PLATFORM_MIDDLEWARE,
  interaction: PLATFORM_MIDDLEWARE,
  routing: PLATFORM_MIDDLEWARE,
  timer: PLATFORM_MIDDLEWARE,
};

// ── agent-gateway's WebSocket ──────────────────────────────────────────────────────────────────

export interface SocketRow {
  /** What the caller does, or which pushes. */
  action: string;
  who: string;
  expect: Record<Principal, Expected | 'open' | 'ignored' | 'receives' | 'never'>;
}

/** The only upgrade handler agent-gateway has, and the only path it upgrades. */
export const SOCKET_PATH = '/ws';
export const SOCKET_UPGRADE_HANDLERS: Readonly<Record<ServiceName, readonly string[]>> = {
  'agent-gateway': ['onUpgrade'],
  'sms-gateway': [],
  profile: [],
  interaction: [],
  routing: [],
  timer: [],
};

export const SOCKET_MATRIX: readonly SocketRow[] = [
  {
    action: `connect to ${SOCKET_PATH} (token in the Authorization header or ?access_token=)`,
    who: 'any agent; the socket closes when the token expires',
    expect: {
      none: answer(401, 'UNAUTHENTICATED'),
      expired: answer(401, 'TOKEN_EXPIRED'),
      operator: answer(401, 'TOKEN_INVALID'),
      otherAgent: 'open',
      manager: 'open',
      admin: 'open',
      agent: 'open',
    },
  },
  {
    action: 'send any message (the socket only pushes; agents act through the HTTP API)',
    who: 'nobody: it is ignored and the socket stays open',
    expect: {
      none: 'never',
      expired: 'never',
      operator: 'never',
      otherAgent: 'ignored',
      manager: 'ignored',
      admin: 'ignored',
      agent: 'ignored',
    },
  },
  {
    action:
      'receive a conversation’s pushes (offer.created, offer.withdrawn, interaction.updated, message.appended, message.status-changed, requester.opt-out-changed)',
    who: 'its assignee and the agents it is offered to; not other agents, not managers or admins (they look at supervision)',
    expect: {
      none: 'never',
      expired: 'never',
      operator: 'never',
      otherAgent: 'never',
      manager: 'never',
      admin: 'never',
      agent: 'receives',
    },
  },
];
