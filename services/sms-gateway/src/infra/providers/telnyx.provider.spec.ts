import { ProviderThrottledError, ProviderUnavailableError, type SendRequest } from './sms-provider';
import { TelnyxProvider, type TelnyxProviderSettings } from './telnyx.provider';

const request: SendRequest = {
  outboundId: '01970000-0000-7000-8000-0000000c0001',
  from: '+15550100003',
  to: '+15551230001',
  body: 'Your parcel left the depot',
};
const TELNYX_ID = '40385f64-5717-4562-b3fc-2c963f66afa6';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  json: unknown;
}

/** A provider whose network is `answer`; returns the calls it made. */
function providerAnswering(
  answer: (init: RequestInit) => Promise<Response>,
  overrides: Partial<TelnyxProviderSettings> = {},
) {
  const calls: Call[] = [];
  const provider = new TelnyxProvider({
    apiKey: 'KEY-secret',
    apiBaseUrl: 'https://api.telnyx.test',
    messagingProfileId: null,
    webhookUrl: (outboundId) => `https://sms.example.test/webhooks/telnyx?outboundId=${outboundId}`,
    timeoutMs: 1_000,
    fetch: async (input, init = {}) => {
      const sent = new Request(input, init);
      calls.push({ url: sent.url, method: sent.method, headers: sent.headers, json: await sent.json() });
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
const queued = (status = 'queued') =>
  json(200, { data: { id: TELNYX_ID, record_type: 'message', to: [{ phone_number: request.to, status }] } });

describe('TelnyxProvider', () => {
  it('posts the message as JSON to /v2/messages with the bearer key and a per-message webhook_url', async () => {
    const { provider, calls } = providerAnswering(() => queued());
    await provider.send(request);
    expect(calls).toHaveLength(1);
    const { url, method, headers, json: sent } = calls[0]!;
    expect(url).toBe('https://api.telnyx.test/v2/messages');
    expect(method).toBe('POST');
    expect(headers.get('authorization')).toBe('Bearer KEY-secret');
    expect(headers.get('content-type')).toBe('application/json');
    expect(sent).toEqual({
      from: '+15550100003',
      to: '+15551230001',
      text: 'Your parcel left the depot',
      webhook_url: `https://sms.example.test/webhooks/telnyx?outboundId=${request.outboundId}`,
      use_profile_webhooks: false,
    });
  });

  it('names the messaging profile when one is configured', async () => {
    const { provider, calls } = providerAnswering(() => queued(), { messagingProfileId: 'profile-1' });
    await provider.send(request);
    expect(calls[0]!.json).toMatchObject({ messaging_profile_id: 'profile-1' });
  });

  it('S3: an accepted message is queued under Telnyx’s id', async () => {
    const { provider } = providerAnswering(() => queued());
    expect(await provider.send(request)).toEqual({
      outcome: 'accepted',
      providerMessageId: TELNYX_ID,
      status: 'queued',
    });
  });

  it('maps the recipient’s status of the answer (sending is still queued)', async () => {
    const { provider } = providerAnswering(() => queued('sending'));
    expect(await provider.send(request)).toMatchObject({ status: 'queued' });
  });

  it('S3: a 4xx is a refusal carrying Telnyx’s errors[0].code', async () => {
    const { provider } = providerAnswering(() =>
      json(422, {
        errors: [{ code: '40310', title: 'Invalid to address', detail: 'The to number is invalid' }],
      }),
    );
    expect(await provider.send(request)).toEqual({
      outcome: 'rejected',
      errorCode: '40310',
      message: 'The to number is invalid',
    });
  });

  it('names the HTTP status when a refusal has no Telnyx error body', async () => {
    const { provider } = providerAnswering(() => Promise.resolve(new Response('nope', { status: 401 })));
    expect(await provider.send(request)).toMatchObject({ outcome: 'rejected', errorCode: 'HTTP_401' });
  });

  it.each([429, 500, 502, 503])('treats %i as worth retrying', async (status) => {
    const { provider } = providerAnswering(() =>
      json(status, { errors: [{ code: '10011', title: 'busy' }] }),
    );
    await expect(provider.send(request)).rejects.toThrow(ProviderUnavailableError);
    await expect(provider.send(request)).rejects.toMatchObject({ errorCode: `HTTP_${status}` });
  });

  it('throttled: a 429 is a ProviderThrottledError carrying its Retry-After', async () => {
    const { provider } = providerAnswering(() =>
      Promise.resolve(
        new Response(JSON.stringify({ errors: [{ code: '10011', title: 'Too many requests' }] }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '3' },
        }),
      ),
    );
    const thrown = await provider.send(request).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ProviderThrottledError);
    expect((thrown as ProviderThrottledError).retryAfterMs).toBe(3_000);
  });

  it('treats a network failure as worth retrying, with PROVIDER_UNAVAILABLE as its code', async () => {
    const { provider } = providerAnswering(() => Promise.reject(new TypeError('fetch failed')));
    await expect(provider.send(request)).rejects.toThrow(ProviderUnavailableError);
    await expect(provider.send(request)).rejects.toMatchObject({ errorCode: 'PROVIDER_UNAVAILABLE' });
  });

  it('gives up waiting after the timeout, as worth retrying', async () => {
    const { provider } = providerAnswering(
      async (init) => {
        const signal = init.signal;
        if (!signal) throw new Error('the provider set no timeout');
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        throw signal.reason;
      },
      { timeoutMs: 20 },
    );
    await expect(provider.send(request)).rejects.toThrow('Telnyx unreachable: timed out');
  });

  it('treats a success it cannot read as worth retrying', async () => {
    const { provider } = providerAnswering(() => json(200, { data: { id: TELNYX_ID, to: [] } }));
    await expect(provider.send(request)).rejects.toThrow(ProviderUnavailableError);
  });
});
