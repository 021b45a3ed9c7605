import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi';
import { queries } from './query-registry';
import { contracts } from './registry';

describe('the AsyncAPI document', () => {
  const document = buildAsyncApiDocument();

  it('is current: the committed asyncapi.json equals what the contracts generate', () => {
    const committed: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'asyncapi.json'), 'utf8'));
    // When this fails: pnpm --filter @threadline/contracts asyncapi, then commit asyncapi.json.
    expect(committed).toEqual(document);
  });

  it('is AsyncAPI 3 with a channel, a message and an operation for every subject', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const channels = document.channels as Record<string, { address: string }>;
    const addresses = Object.values(channels)
      .map((channel) => channel.address)
      .filter((address) => typeof address === 'string' && !address.startsWith('q.'));
    expect(addresses.sort()).toEqual(Object.keys(contracts).sort());
    const operations = Object.keys(document.operations as object).filter(
      (name) => !name.startsWith('answer'),
    );
    expect(operations).toHaveLength(Object.keys(contracts).length);
  });

  it('describes every query on q.<subject> with its request and its reply', () => {
    const operations = document.operations as Record<string, { action: string; reply?: unknown }>;
    for (const query of Object.values(queries)) {
      const channels = document.channels as Record<string, { address: string | null }>;
      expect(Object.values(channels).map((channel) => channel.address)).toContain(`q.${query.subject}`);
    }
    expect(operations.answerRoutingOfferAcceptV1).toMatchObject({
      action: 'receive',
      reply: { channel: { $ref: '#/channels/RoutingOfferAcceptV1Reply' } },
    });
    const messages = (
      document.components as { messages: Record<string, { payload: { required?: string[] } }> }
    ).messages;
    expect(messages.RoutingOfferAcceptV1Request?.payload.required).toEqual(['workItemId', 'agentId']);
  });

  it('marks events as sent and commands as received by Threadline', () => {
    const operations = document.operations as Record<string, { action: string }>;
    expect(operations.sendSmsInboundReceivedV1?.action).toBe('send');
    expect(operations.receiveSmsOutboundSendV1?.action).toBe('receive');
  });

  it('describes the payload schema of each message, including required fields', () => {
    interface Schema {
      properties: Record<string, Schema & { const?: string; pattern?: string }>;
      required: string[];
    }
    const messages = (document.components as { messages: Record<string, { payload: Schema }> }).messages;
    const payload = messages.SmsInboundReceivedV1!.payload;
    expect(payload.properties.type).toEqual({ const: 'sms.inbound.received' });
    expect(payload.properties.data?.required).toEqual(expect.arrayContaining(['from', 'to', 'body']));
    expect(payload.properties.data?.properties.from?.pattern).toBe('^\\+[1-9][0-9]{6,14}$');
  });
});
