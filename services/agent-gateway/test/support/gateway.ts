import { encodeEnvelope, type EnvelopeOf, type Subject } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import { bootService, type IsolatedEnvironment } from '@threadline/testkit';
import { z } from 'zod';
import { agentGatewayService } from '../../src/agent-gateway.service';
import { DEMO_AGENTS, DEMO_PASSWORD } from '../../src/domain/demo-agents';
import { seedDemoAgents } from '../../src/infra/database/demo-agents.seed';

const [alice, bob, maria, admin] = DEMO_AGENTS;
if (!alice || !bob || !maria || !admin) throw new Error('the demo agents are alice, bob, maria and admin');
export const ALICE = alice;
export const BOB = bob;
export const MARIA = maria;
export const ADMIN = admin;

/** The gateway as `main` runs it (REST, consumers and the WebSocket), inside the test process. */
export async function startGateway(
  environment: IsolatedEnvironment,
  extraEnv: Record<string, string> = {},
): Promise<RunningService> {
  return bootService(agentGatewayService, environment, extraEnv);
}

export async function seedAgents(service: RunningService): Promise<void> {
  await service.runtime.dataSource.transaction((manager) => seedDemoAgents(manager));
}

export interface Answer {
  status: number;
  body: unknown;
}

/** An HTTP call to the gateway, with a bearer token when one is given. */
export async function call(
  service: RunningService,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  return { status: response.status, body };
}

/** A file upload: the raw body with its content type, and the Location of the answer. */
export async function upload(
  service: RunningService,
  path: string,
  options: { token?: string; contentType?: string; data: string | Buffer; headers?: Record<string, string> },
): Promise<Answer & { location: string | null }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${service.url}${path}`, { method: 'POST', headers, body: options.data });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  return { status: response.status, body, location: response.headers.get('location') };
}

const loginAnswer = z.object({ token: z.string().min(1) });

export async function login(
  service: RunningService,
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const answer = await call(service, 'POST', '/auth/login', { body: { username, password } });
  if (answer.status !== 200)
    throw new Error(`login of ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return loginAnswer.parse(answer.body).token;
}

/** Publishes an envelope into the service's namespace as its owner would (event id as msgID). */
export async function publish<S extends Subject>(
  service: RunningService,
  envelope: EnvelopeOf<S>,
): Promise<void> {
  const { js, ns } = service.runtime;
  await js.publish(ns.subject(envelope.subject), encodeEnvelope(envelope), { msgID: envelope.id });
}

/** Whether the gateway's consumers have committed these events (their inbox records). */
export async function handled(service: RunningService, eventIds: string[]): Promise<boolean> {
  const [row] = await service.runtime.dataSource.query<Array<{ n: number }>>(
    `SELECT count(DISTINCT event_id)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return row?.n === eventIds.length;
}
