import { parseCreateMessageForm } from './twilio-create-message';
import { TwilioApiError } from './twilio-error';

const valid = { To: '+15551230001', From: '+15550100001', Body: 'Hello' };

function errorOf(form: unknown): { status: number; code: number } {
  try {
    parseCreateMessageForm(form);
  } catch (error) {
    if (error instanceof TwilioApiError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a Twilio error');
}

describe('parseCreateMessageForm', () => {
  it('should read a complete form', () => {
    expect(
      parseCreateMessageForm({
        ...valid,
        StatusCallback: 'http://127.0.0.1:3001/webhooks/twilio/status',
        MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
      }),
    ).toEqual({
      to: '+15551230001',
      from: '+15550100001',
      body: 'Hello',
      mediaUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
      statusCallback: 'http://127.0.0.1:3001/webhooks/twilio/status',
    });
  });

  it('should accept a single MediaUrl and no StatusCallback', () => {
    expect(parseCreateMessageForm({ ...valid, MediaUrl: 'https://example.com/a.png' })).toMatchObject({
      mediaUrls: ['https://example.com/a.png'],
      statusCallback: null,
    });
  });

  it('should accept media without a body, like an MMS', () => {
    const { Body: _body, ...withoutBody } = valid;
    expect(parseCreateMessageForm({ ...withoutBody, MediaUrl: 'https://example.com/a.png' }).body).toBe('');
  });

  it.each([
    ['To is missing', { From: valid.From, Body: valid.Body }, 21604],
    ['To is not E.164', { ...valid, To: '5551230001' }, 21211],
    ['From is missing', { To: valid.To, Body: valid.Body }, 21603],
    ['From is not E.164', { ...valid, From: 'Threadline!' }, 21212],
    ['Body is missing', { To: valid.To, From: valid.From }, 21602],
    ['Body is empty', { ...valid, Body: '' }, 21602],
    ['Body is longer than 1600 characters', { ...valid, Body: 'a'.repeat(1601) }, 21617],
    ['StatusCallback is not a URL', { ...valid, StatusCallback: 'nowhere' }, 21609],
  ])('should answer 400 when %s', (_case, form, code) => {
    expect(errorOf(form)).toEqual({ status: 400, code });
  });

  it('should treat a missing form as missing To', () => {
    expect(errorOf(undefined)).toEqual({ status: 400, code: 21604 });
  });
});
