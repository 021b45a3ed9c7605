import { AppError } from '@threadline/platform';
import { parseId, parseWith } from './validation';
import {
  directorySearchQuery,
  idempotencyKey,
  importStatusQuery,
  profileUserRequest,
  sendMessageRequest,
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
    const error = thrown(() => parseWith(sendMessageRequest, { body: '   ' }, 'the message'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ path: 'body', message: 'must not be empty' }],
    });
  });

  it('refuses a client message id that is not a uuid', () => {
    expect(
      thrown(() => parseWith(sendMessageRequest, { body: 'hi', clientMessageId: '7' }, 'the message')),
    ).toMatchObject({
      details: [{ path: 'clientMessageId' }],
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
