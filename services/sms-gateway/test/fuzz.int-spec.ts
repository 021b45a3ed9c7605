import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  changedTables,
  checkProperty,
  encodeForUrl,
  eventually,
  fc,
  fuzzedRequest,
  hostileBytes,
  hostileString,
  listOperations,
  notServing,
  type OpenApiDocument,
  rowCounts,
  sendFuzzed,
  undocumentedAnswer,
} from '@threadline/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { accepted, newMessageSid } from './support/fake-twilio-api';
import {
  ACCOUNT_SID,
  ADA,
  AUTH_TOKEN,
  Gateway,
  inboundForm,
  OPERATOR_TOKEN,
  PUBLIC_BASE_URL,
  sendCommand,
  SUPPORT,
} from './support/gateway';

/**
 * Property-based fuzzing of every public endpoint of sms-gateway against the real servers
 * (docs/fuzzing.md): each provider's signed webhooks with random fields, encodings, sizes and
 * signatures, and every operation of the served OpenAPI document. Whatever arrives: no 5xx, a
 * 4xx documented for the operation, nothing stored for a refusal but the rejected-message
 * record, and the service still live and ready.
 */

const SCHEMA = 'sms_gateway';
/** Runs per property in CI (a fixed seed); `pnpm fuzz` sets FUZZ_RUNS. */
const CI_RUNS = 15;
const ORDERS = '+15550100003';

function ed25519KeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    portalKey: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'),
  };
}

/** How a webhook is signed: as the provider would, not at all, with garbage, or with another key. */
type Signing = 'valid' | 'unsigned' | 'garbage' | 'other-key';
const signing = fc.constantFrom<Signing>(
  'valid',
  'valid',
  'valid',
  'valid',
  'unsigned',
  'garbage',
  'other-key',
);

/**
 * The fields of a form body as the platform's urlencoded parser reads them: `+` is a space, a
 * percent sequence that does not decode stays as sent, and a repeated field is a list. Signing
 * over this is signing what the gateway checks.
 */
function parsedAsTheGatewayDoes(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  const decode = (part: string) => {
    const spaced = part.replaceAll('+', ' ');
    try {
      return decodeURIComponent(spaced);
    } catch {
      return spaced;
    }
  };
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const [name, value] =
      at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

/** A field's value in a fuzzed form: kept, replaced by something hostile, repeated or left out. */
function fuzzedField(original: string): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(original) },
    { weight: 3, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.tuple(fc.constant(original), hostileString()).map((pair) => [...pair]) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** The wire body of a form: encoded normally, or with raw oddities (invalid percent escapes, bytes that are not UTF-8). */
function formBody(form: Record<string, string | string[] | undefined>): fc.Arbitrary<string | Buffer> {
  const pairs = Object.entries(form).flatMap(([name, value]): Array<[string, string]> =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((one) => [name, one]),
  );
  const encoded = new URLSearchParams(pairs).toString();
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(encoded) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'Body=%',
          'Body=%zz',
          'Body=%C0%AF',
          'Body=%E2%82',
          'Body=a%00b',
          'Body=%ED%A0%80',
          '&&==&',
          'Body[x]=1',
          'a'.repeat(100),
        )
        .map((odd) => `${encoded}&${odd}`),
    },
    {
      weight: 1,
      arbitrary: hostileBytes().map((bytes) => Buffer.concat([Buffer.from(`${encoded}&Body=`), bytes])),
    },
    // Over the request body limit: refused before it is parsed.
    { weight: 1, arbitrary: fc.constant(`${encoded}&Extra=${'x'.repeat(300 * 1024)}`) },
  );
}

/** Whether the platform's JSON parser takes this body (it refuses anything but JSON text). */
function isJson(body: string | Buffer): boolean {
  try {
    JSON.parse(Buffer.isBuffer(body) ? new TextDecoder('utf-8', { fatal: true }).decode(body) : body);
    return true;
  } catch {
    return false;
  }
}

describe('sms-gateway: fuzzing every public endpoint (property-based, against the real servers)', () => {
  const telnyx = ed25519KeyPair();
  const stranger = ed25519KeyPair();
  let gateway: Gateway;
  let document: OpenApiDocument;
  /** The provider id of a message the gateway sent, so status reports can name a real one. */
  let sentSid: string;

  beforeAll(async () => {
    gateway = await Gateway.start({ TELNYX_PUBLIC_KEY: telnyx.portalKey });
    document = (await (await fetch(`${gateway.service.url}/docs/openapi.json`)).json()) as OpenApiDocument;
    const command = sendCommand();
    gateway.api.script(command.data.body, accepted());
    await gateway.publish(command);
    await eventually(async () => {
      const [row] = await gateway.query<{ sid: string | null }>(
        `SELECT provider_message_id AS sid FROM outbound_message WHERE id = $1`,
        [command.data.outboundId],
      );
      expect(row?.sid).toEqual(expect.any(String));
      sentSid = row!.sid!;
    });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const counts = () => rowCounts((sql, parameters) => gateway.query(sql, parameters), [SCHEMA]);

  function operationOf(method: string, path: string) {
    const operation = listOperations(document).find((one) => one.method === method && one.path === path);
    if (!operation) throw new Error(`the served document has no ${method} ${path}`);
    return operation;
  }

  /**
   * What a fuzzed webhook may have stored: on 200 whatever its kind stores; on a refusal with
   * a 400 at most one rejected-message record; on anything else nothing at all.
   */
  function expectStoredOnlyWhatIsAllowed(
    status: number,
    changed: Record<string, [number, number]>,
    allowedOnSuccess: readonly string[],
  ) {
    const tables = Object.keys(changed);
    if (status === 200) {
      expect(tables.filter((table) => !allowedOnSuccess.includes(table))).toEqual([]);
      return;
    }
    const rejected = changed[`${SCHEMA}.rejected_inbound_message`];
    expect(tables.filter((table) => table !== `${SCHEMA}.rejected_inbound_message`)).toEqual([]);
    if (rejected) {
      expect(status).toBe(400);
      expect(rejected[1] - rejected[0]).toBe(1);
    }
  }

  async function expectServing() {
    expect(await notServing(gateway.service.url)).toBeUndefined();
  }

  async function postTwilio(path: string, body: string | Buffer, how: Signing) {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const fields = parsedAsTheGatewayDoes(Buffer.isBuffer(body) ? body.toString('utf8') : body);
    if (how === 'valid')
      headers['x-twilio-signature'] = getExpectedTwilioSignature(
        AUTH_TOKEN,
        `${PUBLIC_BASE_URL}${path}`,
        fields,
      );
    if (how === 'garbage') headers['x-twilio-signature'] = 'bm90IGEgc2lnbmF0dXJl';
    if (how === 'other-key')
      headers['x-twilio-signature'] = getExpectedTwilioSignature(
        'not-our-token',
        `${PUBLIC_BASE_URL}${path}`,
        fields,
      );
    const response = await fetch(`${gateway.service.url}${path}`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  }

  it("Twilio's inbound SMS webhook: random fields, encodings, sizes, repeats and signatures", async () => {
    const operation = operationOf('POST', '/webhooks/twilio/sms');
    const base = inboundForm({ MessageSid: 'placeholder', NumMedia: '0' });
    const form = fc.record(
      Object.fromEntries(Object.entries(base).map(([name, value]) => [name, fuzzedField(value)])),
    );
    const extra = fc.dictionary(hostileString({ maxLength: 12 }), hostileString(), { maxKeys: 3 });
    await checkProperty(
      'twilio inbound webhook',
      fc.asyncProperty(
        fc
          .tuple(form, extra, fc.constantFrom(SUPPORT, ORDERS, '+15550199999', ADA))
          .chain(([fields, extraFields, to]) =>
            formBody({
              ...extraFields,
              ...fields,
              // A fresh MessageSid unless the fuzzer replaced it, so an accepted one is a new message.
              MessageSid: fields.MessageSid === 'placeholder' ? newMessageSid() : fields.MessageSid,
              To: fields.To === SUPPORT ? to : fields.To,
            }),
          ),
        signing,
        async (wire, how) => {
          const before = await counts();
          const answer = await postTwilio('/webhooks/twilio/sms', wire, how);
          expect(undocumentedAnswer(document, operation, answer)).toBeUndefined();
          if (how !== 'valid') expect([403, 413]).toContain(answer.status);
          expectStoredOnlyWhatIsAllowed(answer.status, changedTables(before, await counts()), [
            `${SCHEMA}.inbound_message`,
            `${SCHEMA}.outbox`,
          ]);
        },
      ),
      CI_RUNS,
    );
    await expectServing();
  });

  it("Twilio's status callbacks: random reports, of a message it sent or of none, any outboundId", async () => {
    const operation = operationOf('POST', '/webhooks/twilio/status');
    const statuses = fc.constantFrom(
      'queued',
      'sent',
      'delivered',
      'undelivered',
      'failed',
      'accepted',
      'read',
    );
    await checkProperty(
      'twilio status callback',
      fc.asyncProperty(
        fc
          .record({
            MessageSid: fc.oneof(fc.constant(sentSid), fc.constant(newMessageSid()), hostileString()),
            MessageStatus: fc.oneof(statuses, hostileString()),
            AccountSid: fuzzedField(ACCOUNT_SID),
            ErrorCode: fc.option(fc.oneof(fc.constantFrom('30003', '30008'), hostileString()), {
              nil: undefined,
            }),
          })
          .chain(formBody),
        fc.option(fc.oneof(fc.uuid(), hostileString()), { nil: undefined }),
        signing,
        async (wire, outboundId, how) => {
          const path =
            outboundId === undefined
              ? '/webhooks/twilio/status'
              : `/webhooks/twilio/status?outboundId=${encodeForUrl(outboundId).slice(0, 2000)}`;
          const before = await counts();
          const answer = await postTwilio(path, wire, how);
          expect(undocumentedAnswer(document, operation, answer)).toBeUndefined();
          if (how !== 'valid') expect([403, 413]).toContain(answer.status);
          const changed = changedTables(before, await counts());
          expect(changed[`${SCHEMA}.rejected_inbound_message`]).toBeUndefined();
          expectStoredOnlyWhatIsAllowed(answer.status, changed, [
            `${SCHEMA}.status_callback`,
            `${SCHEMA}.outbox`,
          ]);
        },
      ),
      CI_RUNS,
    );
    await expectServing();
  });

  /** Posts a Telnyx webhook body signed as `how` says, at `timestamp`. */
  async function postTelnyx(body: string | Buffer, how: Signing, timestamp: string, query = '') {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'telnyx-timestamp': timestamp,
    };
    const signed = Buffer.concat([
      Buffer.from(`${timestamp}|`),
      Buffer.isBuffer(body) ? body : Buffer.from(body),
    ]);
    const key: KeyObject | undefined =
      how === 'valid' ? telnyx.privateKey : how === 'other-key' ? stranger.privateKey : undefined;
    if (key) headers['telnyx-signature-ed25519'] = sign(null, signed, key).toString('base64');
    if (how === 'garbage') headers['telnyx-signature-ed25519'] = 'bm90IGEgc2lnbmF0dXJl';
    const response = await fetch(`${gateway.service.url}/webhooks/telnyx${query}`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  it("Telnyx's JSON webhooks: random events and bodies, signed with the test's key, another, or not at all", async () => {
    const operation = operationOf('POST', '/webhooks/telnyx');
    const phone = fc.oneof(fc.constantFrom(ADA, ORDERS, SUPPORT), hostileString());
    const event = fc.record({
      data: fc.record(
        {
          event_type: fc.oneof(
            fc.constantFrom('message.received', 'message.sent', 'message.finalized', 'call.initiated'),
            hostileString(),
          ),
          id: fc.uuid(),
          payload: fc.record(
            {
              id: fc.oneof(fc.uuid(), fc.constant(sentSid), hostileString()),
              from: fc.oneof(fc.record({ phone_number: phone }), hostileString()),
              to: fc.oneof(
                fc.array(
                  fc.record({
                    phone_number: phone,
                    status: fc.constantFrom('sent', 'delivered', 'delivery_failed'),
                  }),
                  { maxLength: 2 },
                ),
                hostileString(),
              ),
              text: fc.oneof(hostileString(), fc.constant('x'.repeat(70_000))),
              media: fc.oneof(
                fc.constant([]),
                fc.array(fc.record({ url: hostileString(), content_type: hostileString() }), {
                  maxLength: 2,
                }),
              ),
              errors: fc.option(
                fc.array(fc.record({ code: fc.oneof(fc.integer(), hostileString()) }), { maxLength: 2 }),
                { nil: undefined },
              ),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
    });
    const body = fc.oneof(
      { weight: 5, arbitrary: event.map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileString({ maxLength: 200 }) },
      { weight: 1, arbitrary: hostileBytes() },
      { weight: 1, arbitrary: fc.constant(JSON.stringify({ data: { text: 'x'.repeat(300 * 1024) } })) },
    );
    const now = () => Math.floor(Date.now() / 1000);
    const timestamp = fc.oneof(
      { weight: 6, arbitrary: fc.constant('now') },
      { weight: 1, arbitrary: fc.constantFrom('0', '-1', '99999999999', 'stale', '') },
      {
        weight: 1,
        arbitrary: hostileString({ maxLength: 12 })
          .filter((one) => /^[\x20-\x7e]*$/.test(one))
          // Under Node's 16 KiB limit on a request head (431 before any service code runs).
          .map((one) => one.slice(0, 200)),
      },
    );
    await checkProperty(
      'telnyx webhook',
      fc.asyncProperty(
        body,
        signing,
        timestamp,
        fc.option(fc.oneof(fc.uuid(), hostileString()), { nil: undefined }),
        async (wire, how, stamp, outboundId) => {
          const at = stamp === 'now' ? String(now()) : stamp === 'stale' ? String(now() - 3600) : stamp;
          const before = await counts();
          const answer = await postTelnyx(
            wire,
            how,
            at,
            outboundId === undefined ? '' : `?outboundId=${encodeForUrl(outboundId).slice(0, 2000)}`,
          );
          expect(undocumentedAnswer(document, operation, answer)).toBeUndefined();
          // The body parser reads the body before the signature is checked: one it cannot
          // parse is refused for that (400 MALFORMED_BODY, 413), anything else for its signature.
          if (how !== 'valid') {
            const expected = Buffer.byteLength(wire) > 256 * 1024 ? 413 : isJson(wire) ? 403 : 400;
            expect(answer.status).toBe(expected);
          }
          expectStoredOnlyWhatIsAllowed(answer.status, changedTables(before, await counts()), [
            `${SCHEMA}.inbound_message`,
            `${SCHEMA}.status_callback`,
            `${SCHEMA}.outbox`,
          ]);
        },
      ),
      CI_RUNS,
    );
    await expectServing();
  });

  it('every operation of its OpenAPI document (health, metrics, operations, media URLs, unsigned webhooks)', async () => {
    const operations = listOperations(document);
    expect(operations.map((operation) => operation.name)).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /media/{key}',
        'GET /ops/inbound/rejected',
      ]),
    );
    for (const operation of operations) {
      const token: Record<string, string> = operation.securitySchemes.includes('operator')
        ? { authorization: `Bearer ${OPERATOR_TOKEN}` }
        : {};
      await checkProperty(
        `sms-gateway ${operation.name}`,
        fc.asyncProperty(fuzzedRequest(document, operation), async (request) => {
          const before = await counts();
          const answer = await sendFuzzed(gateway.service.url, request, token);
          expect(undocumentedAnswer(document, operation, answer)).toBeUndefined();
          if (answer.status >= 400) expect(changedTables(before, await counts())).toEqual({});
        }),
        3,
      );
      await expectServing();
    }
  });

  describe('what fuzzing found, as plain examples', () => {
    it('a signed Telnyx webhook whose body is not JSON: 400 MALFORMED_BODY, documented, nothing stored', async () => {
      const before = await counts();
      const answer = await postTelnyx(Buffer.from([0]), 'valid', String(Math.floor(Date.now() / 1000)));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'MALFORMED_BODY' } });
      expect(undocumentedAnswer(document, operationOf('POST', '/webhooks/telnyx'), answer)).toBeUndefined();
      expect(changedTables(before, await counts())).toEqual({});
    });

    it('a Twilio webhook sent as broken JSON or in a charset it cannot read: documented 400 and 415, nothing stored', async () => {
      for (const path of ['/webhooks/twilio/sms', '/webhooks/twilio/status']) {
        const before = await counts();
        const broken = await sendFuzzed(gateway.service.url, {
          method: 'POST',
          pathAndQuery: path,
          headers: { 'content-type': 'application/json' },
          body: '{',
        });
        expect(broken.status).toBe(400);
        expect(undocumentedAnswer(document, operationOf('POST', path), broken)).toBeUndefined();
        const latin = await sendFuzzed(gateway.service.url, {
          method: 'POST',
          pathAndQuery: path,
          headers: { 'content-type': 'application/json; charset=latin-9' },
          body: '{}',
        });
        expect(latin.status).toBe(415);
        expect(undocumentedAnswer(document, operationOf('POST', path), latin)).toBeUndefined();
        expect(changedTables(before, await counts())).toEqual({});
      }
    });
  });
});
