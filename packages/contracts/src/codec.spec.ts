import { createEnvelope, decodeEnvelope, encodeEnvelope, parseEnvelope } from './codec';
import { isLaterEvent } from './envelope';
import { ContractError } from './errors';
import { contracts, type PayloadOf } from './registry';
import { streams } from './streams';

const inbound: PayloadOf<'sms.inbound.received.v1'> = {
  messageId: '0190f1e2-7c4b-7a3e-9b1c-1234567890ab',
  provider: 'twilio',
  providerMessageId: 'SM0123456789abcdef0123456789abcdef',
  from: '+15551230001',
  to: '+15559870000',
  body: 'my router is down',
  media: [],
  receivedAt: '2026-11-25T10:00:00.000Z',
  sequence: 1,
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractError) return error.code;
    throw error;
  }
  throw new Error('expected a ContractError');
}

describe('createEnvelope', () => {
  it('derives type and version from the subject and assigns a uuid v7 id', () => {
    const envelope = createEnvelope('sms.inbound.received.v1', inbound, { correlationId: 'c-1' });
    expect(envelope.type).toBe('sms.inbound.received');
    expect(envelope.version).toBe(1);
    expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(envelope.correlationId).toBe('c-1');
    expect(envelope.causationId).toBeNull();
  });

  it('gives ids that sort in creation order', () => {
    const ids = Array.from({ length: 50 }, () => createEnvelope('sms.inbound.received.v1', inbound).id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses to emit data that breaks the contract', () => {
    const bad = { ...inbound, from: '555-0100' };
    expect(codeOf(() => createEnvelope('sms.inbound.received.v1', bad))).toBe('PAYLOAD_INVALID');
  });
});

describe('parseEnvelope', () => {
  const wire = () =>
    JSON.parse(JSON.stringify(createEnvelope('sms.inbound.received.v1', inbound))) as Record<string, unknown>;

  it('round-trips through the wire form', () => {
    const envelope = createEnvelope('sms.inbound.received.v1', inbound);
    const decoded = decodeEnvelope('sms.inbound.received.v1', encodeEnvelope(envelope));
    expect(decoded).toEqual(envelope);
    expect(decoded.subject).toBe('sms.inbound.received.v1');
  });

  it('does not put the derived subject on the wire', () => {
    const bytes = encodeEnvelope(createEnvelope('sms.inbound.received.v1', inbound));
    expect(JSON.parse(Buffer.from(bytes).toString())).not.toHaveProperty('subject');
  });

  it('refuses an unknown message type', () => {
    expect(codeOf(() => parseEnvelope(undefined, { ...wire(), type: 'sms.inbound.exploded' }))).toBe(
      'UNKNOWN_MESSAGE_TYPE',
    );
  });

  it('refuses an unknown version of a known type and names the known ones', () => {
    try {
      parseEnvelope(undefined, { ...wire(), version: 2 });
      throw new Error('expected a ContractError');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      expect((error as ContractError).code).toBe('UNSUPPORTED_VERSION');
      expect((error as ContractError).message).toContain('known: 1');
    }
  });

  it('refuses an envelope that arrived on another subject', () => {
    expect(codeOf(() => parseEnvelope('sms.outbound.send.v1', wire()))).toBe('SUBJECT_MISMATCH');
  });

  it('refuses data that does not match the schema, with the path of each problem', () => {
    const raw = wire();
    raw.data = { ...inbound, to: 'not a number' };
    try {
      parseEnvelope(undefined, raw);
      throw new Error('expected a ContractError');
    } catch (error) {
      expect((error as ContractError).code).toBe('PAYLOAD_INVALID');
      expect((error as ContractError).details).toEqual([expect.objectContaining({ path: 'to' })]);
    }
  });

  it.each([
    ['a missing id', { id: undefined }],
    ['an id that is not a uuid', { id: 'abc' }],
    ['a version that is not a number', { version: '1' }],
    ['a malformed type', { type: 'sms' }],
    ['a timestamp without a zone', { occurredAt: '2026-11-25 10:00' }],
  ])('refuses %s as ENVELOPE_INVALID', (_label, patch) => {
    expect(codeOf(() => parseEnvelope(undefined, { ...wire(), ...patch }))).toBe('ENVELOPE_INVALID');
  });

  it('refuses a body that is not JSON', () => {
    expect(codeOf(() => decodeEnvelope(undefined, Buffer.from('{nope')))).toBe('ENVELOPE_INVALID');
  });
});

describe('the contract registry', () => {
  it('names every subject <domain>.<aggregate>.<event>.v<major>', () => {
    for (const subject of Object.keys(contracts)) {
      expect(subject).toMatch(/^[a-z]+\.[a-z-]+\.[a-z-]+\.v[1-9][0-9]*$/);
    }
  });

  it('puts every subject on the stream of its domain, inside that stream’s subjects', () => {
    for (const [subject, contract] of Object.entries(contracts)) {
      const stream = streams[contract.stream];
      const domain = subject.split('.')[0]!;
      expect(stream.subjects).toContain(`${domain}.>`);
    }
  });

  it('declares streams with file storage and a duplicate window', () => {
    for (const stream of Object.values(streams)) {
      expect(stream.storage).toBe('file');
      expect(stream.duplicateWindowMs).toBeGreaterThanOrEqual(60_000);
      expect(stream.name).toMatch(/^[A-Z][A-Z_]*$/);
    }
  });
});

describe('isLaterEvent', () => {
  const older = '01960000-0000-7000-8000-000000000001';
  const newer = '01960000-0000-7000-8000-000000000002';

  it('orders uuid v7 envelope ids by creation, whatever their case', () => {
    expect(isLaterEvent(newer, older)).toBe(true);
    expect(isLaterEvent(older, newer)).toBe(false);
    expect(isLaterEvent(newer.toUpperCase(), older)).toBe(true);
  });

  it('is not later than itself, and later than nothing', () => {
    expect(isLaterEvent(older, older)).toBe(false);
    expect(isLaterEvent(older, null)).toBe(true);
  });
});
