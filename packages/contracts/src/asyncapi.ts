import { z } from 'zod';
import type { QueryDefinition } from './queries';
import { queries } from './query-registry';
import { contracts, type Subject } from './registry';
import { streams } from './streams';

type JsonObject = Record<string, unknown>;

/** `sms.outbound.status-changed.v1` → `SmsOutboundStatusChangedV1`, a valid AsyncAPI component key. */
function componentId(subject: string): string {
  return subject
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function jsonSchema(schema: z.ZodType): JsonObject {
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonObject;
  delete generated.$schema;
  return generated;
}

function envelopeSchemaFor(subject: Subject): JsonObject {
  const [type, version] = [subject.replace(/\.v[0-9]+$/, ''), Number(/\.v([0-9]+)$/.exec(subject)![1])];
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'version', 'occurredAt', 'correlationId', 'causationId', 'data'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'uuid v7; also the Nats-Msg-Id' },
      type: { const: type },
      version: { const: version },
      occurredAt: { type: 'string', format: 'date-time' },
      correlationId: { type: ['string', 'null'], description: 'The interaction id where there is one' },
      causationId: { type: ['string', 'null'], description: 'The envelope that caused this one' },
      data: jsonSchema(contracts[subject].schema),
    },
  };
}

const headers = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': { type: 'string', description: 'Equals the envelope id; JetStream de-duplicates on it' },
    traceparent: { type: 'string', description: 'W3C trace context of the cause' },
  },
};

/**
 * The AsyncAPI 3 description of every subject, derived from the zod contracts so the two
 * cannot drift. Subjects are shown without a namespace prefix (see NATS_NAMESPACE).
 */
export function buildAsyncApiDocument(): JsonObject {
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};
  for (const subject of Object.keys(contracts).sort() as Subject[]) {
    const contract = contracts[subject];
    const id = componentId(subject);
    messages[id] = {
      name: subject,
      title: subject,
      summary: contract.summary,
      contentType: 'application/json',
      headers,
      payload: envelopeSchemaFor(subject),
    };
    channels[id] = {
      address: subject,
      description: `${contract.kind === 'event' ? 'Event' : 'Command'} on JetStream stream ${streams[contract.stream].name}`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    // Threadline is the application described: it sends its events and receives its commands.
    const action = contract.kind === 'event' ? 'send' : 'receive';
    operations[`${action}${id}`] = {
      action,
      summary: contract.summary,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }
  for (const query of Object.values(queries).sort((a, b) => a.subject.localeCompare(b.subject))) {
    describeQuery(query, { channels, operations, messages });
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Threadline messages',
      version: '1.0.0',
      description:
        'Events and commands exchanged by Threadline services over NATS JetStream, and the request/reply queries they answer over core NATS. Every event and command is a JSON envelope; `data` holds the payload described per message. A query request is its bare payload on `q.<subject>`; the reply is `{ ok: true, data }` or `{ ok: false, error }`.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:4222', protocol: 'nats', description: 'A local NATS server with JetStream' },
    },
    channels,
    operations,
    components: { messages },
  };
}

function replySchema(query: QueryDefinition): JsonObject {
  return {
    oneOf: [
      {
        type: 'object',
        required: ['ok', 'data'],
        properties: { ok: { const: true }, data: jsonSchema(query.response) },
      },
      {
        type: 'object',
        required: ['ok', 'error'],
        properties: {
          ok: { const: false },
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', description: 'Stable, machine-readable' },
              message: { type: 'string' },
              details: {},
              status: { type: 'integer', description: 'The HTTP status a gateway should answer with' },
            },
          },
        },
      },
    ],
  };
}

/** A query as a channel on `q.<subject>` whose operation replies on the requester's inbox. */
function describeQuery(
  query: QueryDefinition,
  into: { channels: JsonObject; operations: JsonObject; messages: JsonObject },
): void {
  const id = componentId(query.subject);
  const [request, reply] = [`${id}Request`, `${id}Reply`];
  into.messages[request] = {
    name: `${query.subject} request`,
    summary: query.summary,
    contentType: 'application/json',
    headers: { type: 'object', properties: { traceparent: headers.properties.traceparent } },
    payload: jsonSchema(query.request),
  };
  into.messages[reply] = {
    name: `${query.subject} reply`,
    contentType: 'application/json',
    payload: replySchema(query),
  };
  into.channels[id] = {
    address: `q.${query.subject}`,
    description: `Query, answered by one replica of its owner (core NATS request/reply, never JetStream)`,
    messages: { [request]: { $ref: `#/components/messages/${request}` } },
  };
  into.channels[reply] = {
    address: null,
    description: "The requester's reply inbox",
    messages: { [reply]: { $ref: `#/components/messages/${reply}` } },
  };
  into.operations[`answer${id}`] = {
    action: 'receive',
    summary: query.summary,
    channel: { $ref: `#/channels/${id}` },
    messages: [{ $ref: `#/channels/${id}/messages/${request}` }],
    reply: {
      channel: { $ref: `#/channels/${reply}` },
      messages: [{ $ref: `#/channels/${reply}/messages/${reply}` }],
    },
  };
}
