import { ProviderThrottledError, ProviderUnavailableError, type SendRequest } from './sms-provider';
import { TwilioProvider, type TwilioProviderSettings } from './twilio.provider';

const SID = 'AC00000000000000000000000000000001';
const request: SendRequest = {
  outboundId: '01970000-0000-7000-8000-0000000c0001',
  from: '+15550100001',
  to: '+15551230001',
  body: 'Your parcel left the depot',
};

interface Call {
  url: string;
  method: string;
  headers: Headers;
  form: Record<string, string>;
}

/** A provider whose network is `answer`; returns the calls it made. */
function providerAnswering(
  answer: (init: RequestInit) => Promise<Response>,
  overrides: Partial<TwilioProviderSettings> = {},
) {
  const calls: Call[] = [];
  const provider = new TwilioProvider({
    accountSid: SID,
    authToken: 'secret-token',
    apiBaseUrl: 'https://api.twilio.test',
    statusCallbackUrl: (outboundId) =>
      `https://sms.example.test/webhooks/twilio/status?outboundId=${outboundId}`,
    timeoutMs: 1_000,
    fetch: async (input, init = {}) => {
      const sent = new Request(input, init);
      calls.push({
        url: sent.url,
        method: sent.method,
        headers: sent.headers,
        form: Object.fromEntries(new URLSearchParams(await sent.text())),
      });
      return answer(init);
    },
    ...overrides,
  });
  return { provider, calls };
}

const json = (status: number, body: unknown) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );

describe('TwilioProvider', () => {
  it('posts the message form to the account’s Messages.json with basic auth and a StatusCallback', async () => {
    const { provider, calls } = providerAnswering(() => json(201, { sid: 'SM1', status: 'queued' }));
    await provider.send(request);
    expect(calls).toHaveLength(1);
    const { url, method, headers, form } = calls[0]!;
    expect(url).toBe(`https://api.twilio.test/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(method).toBe('POST');
    expect(headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`,
    );
    expect(headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(form).toEqual({
      To: '+15551230001',
      From: '+15550100001',
      Body: 'Your parcel left the depot',
      StatusCallback: `https://sms.example.test/webhooks/twilio/status?outboundId=${request.outboundId}`,
    });
  });

  it('S3: an accepted message is queued under Twilio’s sid', async () => {
    const { provider } = providerAnswering(() => json(201, { sid: 'SM1', status: 'queued' }));
    expect(await provider.send(request)).toEqual({
      outcome: 'accepted',
      providerMessageId: 'SM1',
      status: 'queued',
    });
  });

  it('maps Twilio’s accepted (messaging services) to queued', async () => {
    const { provider } = providerAnswering(() => json(201, { sid: 'SM2', status: 'accepted' }));
    expect(await provider.send(request)).toMatchObject({ status: 'queued' });
  });

  it('S3: a 4xx is a refusal carrying Twilio’s error code', async () => {
    const { provider } = providerAnswering(() =>
      json(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }),
    );
    expect(await provider.send(request)).toEqual({
      outcome: 'rejected',
      errorCode: '21211',
      message: "The 'To' number is not a valid phone number.",
    });
  });

  it('names the HTTP status when a refusal has no Twilio error body', async () => {
    const { provider } = providerAnswering(() => Promise.resolve(new Response('nope', { status: 403 })));
    expect(await provider.send(request)).toMatchObject({ outcome: 'rejected', errorCode: 'HTTP_403' });
  });

  it.each([429, 500, 502, 503])('treats %i as worth retrying, with HTTP_%i as its code', async (status) => {
    const { provider } = providerAnswering(() => json(status, { code: 20429, message: 'busy' }));
    await expect(provider.send(request)).rejects.toThrow(ProviderUnavailableError);
    await expect(provider.send(request)).rejects.toMatchObject({ errorCode: `HTTP_${status}` });
  });

  it('throttled: a 429 is a ProviderThrottledError carrying its Retry-After', async () => {
    const { provider } = providerAnswering(() =>
      Promise.resolve(
        new Response(JSON.stringify({ code: 20429, message: 'Too Many Requests' }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '4' },
        }),
      ),
    );
    const thrown = await provider.send(request).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ProviderThrottledError);
    expect((thrown as ProviderThrottledError).retryAfterMs).toBe(4_000);
  });

  it('throttled: a 429 without Retry-After or body backs off for the default second', async () => {
    const { provider } = providerAnswering(() => Promise.resolve(new Response('slow down', { status: 429 })));
    const thrown = await provider.send(request).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ProviderThrottledError);
    expect((thrown as ProviderThrottledError).retryAfterMs).toBe(1_000);
  });

  it.each([14107, 20429])(
    'throttled: a 400 with Twilio code %i is throttling, not a refusal',
    async (code) => {
      const { provider } = providerAnswering(() => json(400, { code, message: 'rate exceeded' }));
      await expect(provider.send(request)).rejects.toThrow(ProviderThrottledError);
    },
  );

  it('treats a network failure as worth retrying, with PROVIDER_UNAVAILABLE as its code', async () => {
    const { provider } = providerAnswering(() => Promise.reject(new TypeError('fetch failed')));
    await expect(provider.send(request)).rejects.toThrow(ProviderUnavailableError);
    await expect(provider.send(request)).rejects.toMatchObject({ errorCode: 'PROVIDER_UNAVAILABLE' });
  });

  it('gives up waiting after the timeout, as worth retrying', async () => {
    // Like fetch: never answers, and rejects with the signal's reason once it aborts.
    const { provider } = providerAnswering(
      async (init) => {
        const signal = init.signal;
        if (!signal) throw new Error('the provider set no timeout');
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        throw signal.reason;
      },
      { timeoutMs: 20 },
    );
    await expect(provider.send(request)).rejects.toThrow('Twilio unreachable: timed out');
  });

  it('treats a success it cannot read as worth retrying', async () => {
    const { provider } = providerAnswering(() => Promise.resolve(new Response('<html/>', { status: 201 })));
    await expect(provider.send(request)).rejects.toThrow(ProviderUnavailableError);
  });

  describe('findSent (no duplicate by our retry)', () => {
    const since = new Date('2026-12-01T10:00:00Z');
    const listed = (sid: string, body: string, created: string, status = 'sent') => ({
      sid,
      status,
      body,
      date_created: created,
    });

    it('lists the phone pair’s messages with the same body created since the send, oldest first', async () => {
      const { provider, calls } = providerAnswering(() =>
        json(200, {
          messages: [
            listed('SM3', request.body, 'Tue, 01 Dec 2026 10:00:09 +0000', 'delivered'),
            listed('SM2', 'another text', 'Tue, 01 Dec 2026 10:00:05 +0000'),
            listed('SM1', request.body, 'Tue, 01 Dec 2026 10:00:01 +0000', 'queued'),
            listed('SM0', request.body, 'Tue, 01 Dec 2026 09:59:59 +0000'),
          ],
        }),
      );
      expect(await provider.findSent({ ...request, since })).toEqual([
        { providerMessageId: 'SM1', status: 'queued' },
        { providerMessageId: 'SM3', status: 'delivered' },
      ]);
      const url = new URL(calls[0]!.url);
      expect(calls[0]!.method).toBe('GET');
      expect(url.pathname).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        To: request.to,
        From: request.from,
        PageSize: '50',
      });
    });

    it('throws ProviderUnavailableError when the list cannot be read, so the send waits rather than risks a duplicate', async () => {
      const { provider } = providerAnswering(() => json(503, { code: 20503, message: 'busy' }));
      await expect(provider.findSent({ ...request, since })).rejects.toMatchObject({
        name: 'ProviderUnavailableError',
        errorCode: 'HTTP_503',
      });
    });
  });
});
