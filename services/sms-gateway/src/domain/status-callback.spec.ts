import { parseStatusCallback } from './status-callback';

describe('parseStatusCallback', () => {
  it('reads the message, its status and no error code for a delivery', () => {
    expect(parseStatusCallback({ MessageSid: 'SM1', MessageStatus: 'delivered', ErrorCode: '' })).toEqual({
      ok: true,
      value: { providerMessageId: 'SM1', providerStatus: 'delivered', errorCode: null },
    });
  });

  it('S3: keeps the provider error code of a failure', () => {
    expect(
      parseStatusCallback({ MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: '30003' }),
    ).toEqual({
      ok: true,
      value: { providerMessageId: 'SM1', providerStatus: 'undelivered', errorCode: '30003' },
    });
  });

  it('reads the status case-insensitively', () => {
    expect(parseStatusCallback({ MessageSid: 'SM1', MessageStatus: 'Sent' })).toMatchObject({
      ok: true,
      value: { providerStatus: 'sent' },
    });
  });

  it.each([
    [{ MessageStatus: 'sent' }, ['MessageSid']],
    [{ MessageSid: 'SM1' }, ['MessageStatus']],
    [{ MessageSid: ' ', MessageStatus: '' }, ['MessageSid', 'MessageStatus']],
  ])('refuses %j, naming %j', (input, fields) => {
    expect(parseStatusCallback(input)).toEqual({
      ok: false,
      rejection: expect.objectContaining({ code: 'WEBHOOK_FIELD_MISSING', details: { fields } }),
    });
  });

  it.each([
    [{ MessageSid: ['SM1', 'SM2'], MessageStatus: 'sent' }, ['MessageSid']],
    [{ MessageSid: 'SM1', MessageStatus: ['sent', 'delivered'] }, ['MessageStatus']],
    [{ MessageSid: 'SM1', MessageStatus: 'failed', ErrorCode: ['1', '2'] }, ['ErrorCode']],
    // The controller checks AccountSid only when it reads as one value.
    [{ AccountSid: ['AC1', 'AC2'], MessageSid: 'SM1', MessageStatus: 'sent' }, ['AccountSid']],
  ])('refuses %j as WEBHOOK_FIELD_REPEATED, naming %j', (input, fields) => {
    expect(parseStatusCallback(input)).toEqual({
      ok: false,
      rejection: expect.objectContaining({ code: 'WEBHOOK_FIELD_REPEATED', details: { fields } }),
    });
  });
});
