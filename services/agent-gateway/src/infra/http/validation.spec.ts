import { AppError } from '@threadline/platform';
import { parseId, parseWith } from './validation';
import {
  directorySearchQuery,
  idempotencyKey,
  importStatusQuery,
  outboundPrecheckRequest,
  profileUserRequest,
  sendMessageRequest,
  startOutboundRequest,
} from './requests';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('request validation', () => {
  it('answers an empty reply with VALIDATION_FAILED naming the field', () => {
    const error = thrown(() => parseWith(sendMessageRequest(1600), { body: '   ' }, 'the message'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ path: 'body', message: 'must not be empty' }],
    });
  });

  it('refuses a client message id that is not a uuid', () => {
    expect(
      thrown(() => parseWith(sendMessageRequest(1600), { body: 'hi', clientMessageId: '7' }, 'the message')),
    ).toMatchObject({
      details: [{ path: 'clientMessageId' }],
    });
  });

  it('refuses a reply over the configured limit, saying the limit', () => {
    expect(parseWith(sendMessageRequest(5), { body: '12345' }, 'the message')).toEqual({ body: '12345' });
    expect(thrown(() => parseWith(sendMessageRequest(5), { body: '123456' }, 'the message'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body', message: 'must be at most 5 characters' }],
    });
  });

  it('refuses a path id that is not a uuid with a 400', () => {
    expect(thrown(() => parseId('not-a-uuid', 'interaction id'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    expect(parseId('01970000-0000-7000-8000-0000000000c1', 'interaction id')).toBe(
      '01970000-0000-7000-8000-0000000000c1',
    );
  });
});

describe('profile and directory requests', () => {
  it('P5: needs the target user said explicitly, null being the guest, and a reason', () => {
    expect(parseWith(profileUserRequest, { userId: null, reason: ' not Ada ' }, 'the change')).toEqual({
      userId: null,
      reason: 'not Ada',
    });
    expect(thrown(() => parseWith(profileUserRequest, { reason: 'x' }, 'the change'))).toMatchObject({
      details: [{ path: 'userId' }],
    });
  });

  it('reads whole numbers from the query string, with defaults, and refuses anything else', () => {
    expect(parseWith(directorySearchQuery, { q: ' ada ' }, 'the search')).toEqual({ q: 'ada', limit: 20 });
    expect(parseWith(importStatusQuery, { limit: '50', rejectionsAfterRow: '1000' }, 'the query')).toEqual({
      limit: 50,
      rejectionsAfterRow: 1000,
    });
    for (const limit of ['', '1.5', '-1', '0x10', ['1', '2']]) {
      expect(thrown(() => parseWith(importStatusQuery, { limit }, 'the query'))).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'limit' }],
      });
    }
  });

  it('takes printable ASCII Idempotency-Keys of up to 255 characters', () => {
    expect(parseWith(idempotencyKey, 'upload-2025-01-01:users.csv', 'the key')).toBe(
      'upload-2025-01-01:users.csv',
    );
    for (const key of ['', 'two words', 'é', 'k'.repeat(256)]) {
      expect(thrown(() => parseWith(idempotencyKey, key, 'the key'))).toMatchObject({ status: 400 });
    }
  });
});

describe('agent-initiated conversations', () => {
  const start = startOutboundRequest(1600);

  it('needs a number to text or a directory user, and acknowledges nothing unless told', () => {
    expect(
      parseWith(start, { companyAddress: '+15550100001', to: ' 555 123 0001 ', body: 'hi' }, 'x'),
    ).toEqual({
      companyAddress: '+15550100001',
      to: '555 123 0001',
      body: 'hi',
      acknowledgeWarning: false,
    });
    expect(thrown(() => parseWith(start, { companyAddress: '+15550100001', body: 'hi' }, 'x'))).toMatchObject(
      {
        code: 'VALIDATION_FAILED',
        details: [{ path: 'to', message: expect.stringContaining('userId') }],
      },
    );
    expect(parseWith(outboundPrecheckRequest, { companyAddress: 'Support', userId: 'u1' }, 'x')).toEqual({
      companyAddress: 'Support',
      userId: 'u1',
    });
  });

  it('refuses a blank or over-long first message as a reply is refused', () => {
    const base = { companyAddress: '+15550100001', to: '+15551230001' };
    expect(thrown(() => parseWith(start, { ...base, body: ' \n ' }, 'x'))).toMatchObject({
      details: [{ path: 'body', message: 'must not be empty' }],
    });
    expect(thrown(() => parseWith(start, { ...base, body: 'x'.repeat(1601) }, 'x'))).toMatchObject({
      details: [{ path: 'body', message: 'must be at most 1600 characters' }],
    });
  });
});
