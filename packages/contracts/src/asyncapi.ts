import { z } from 'zod';
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
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Threadline messages',
      version: '1.0.0',
      description:
        'Events and commands exchanged by Threadline services over NATS JetStream. Every message is a JSON envelope; `data` holds the payload described per message.',
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
