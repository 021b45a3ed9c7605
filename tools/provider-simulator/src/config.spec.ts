import { ConfigError, loadSimulatorConfig } from './config';

describe('loadSimulatorConfig', () => {
  it('should default to the values the gateway expects', () => {
    expect(loadSimulatorConfig({})).toEqual({
      port: 3100,
      host: '127.0.0.1',
      accountSid: 'AC00000000000000000000000000000001',
      authToken: 'threadline-simulator-token',
      inboundWebhookUrl: 'http://127.0.0.1:3001/webhooks/twilio/sms',
      webhookTimeoutMs: 15_000,
      statusDelayMs: 50,
      failingNumbers: [],
      telnyxApiKey: 'KEYthreadline-simulator',
      telnyxSigningKey: 'FsskTSVu0FqzCCI/54SldN+7L5JxBG0O2aVFOBzZi1g=',
      telnyxNumbers: ['+15550100003'],
      telnyxWebhookUrl: 'http://127.0.0.1:3001/webhooks/telnyx',
      logLevel: 'info',
    });
  });

  it('should read the Telnyx account: numbers, key and webhook', () => {
    expect(
      loadSimulatorConfig({
        SIM_TELNYX_NUMBERS: ' +15550100003, +15550100004 ',
        SIM_TELNYX_API_KEY: 'KEY-other',
        SIM_TELNYX_WEBHOOK_URL: 'https://gateway.example.com/webhooks/telnyx',
      }),
    ).toMatchObject({
      telnyxNumbers: ['+15550100003', '+15550100004'],
      telnyxApiKey: 'KEY-other',
      telnyxWebhookUrl: 'https://gateway.example.com/webhooks/telnyx',
    });
  });

  it('should refuse Telnyx numbers that are not E.164 and a signing key that is not 32 bytes', () => {
    expect(() => loadSimulatorConfig({ SIM_TELNYX_NUMBERS: '555-0100' })).toThrow('SIM_TELNYX_NUMBERS');
    expect(() => loadSimulatorConfig({ SIM_TELNYX_SIGNING_KEY: 'c2hvcnQ=' })).toThrow(
      'SIM_TELNYX_SIGNING_KEY',
    );
  });

  it('should read every variable', () => {
    const config = loadSimulatorConfig({
      SIM_HTTP_PORT: '0',
      SIM_HTTP_HOST: '0.0.0.0',
      SIM_ACCOUNT_SID: `AC${'ab'.repeat(16)}`,
      SIM_AUTH_TOKEN: 'secret',
      SIM_INBOUND_WEBHOOK_URL: 'https://gateway.example.com/webhooks/twilio/sms',
      SIM_WEBHOOK_TIMEOUT_MS: '200',
      SIM_STATUS_DELAY_MS: '0',
      SIM_FAILING_NUMBERS: '+15550009999:undelivered:30003',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      webhookTimeoutMs: 200,
      statusDelayMs: 0,
      failingNumbers: [{ phone: '+15550009999', status: 'undelivered', errorCode: 30003 }],
      logLevel: 'silent',
    });
  });

  it('should treat empty variables as unset', () => {
    expect(loadSimulatorConfig({ SIM_HTTP_PORT: '', SIM_FAILING_NUMBERS: '' }).port).toBe(3100);
  });

  it('should be frozen', () => {
    expect(Object.isFrozen(loadSimulatorConfig({}))).toBe(true);
  });

  it('should name every bad variable', () => {
    const load = () =>
      loadSimulatorConfig({
        SIM_HTTP_PORT: '70000',
        SIM_INBOUND_WEBHOOK_URL: 'ftp://example.com',
        SIM_FAILING_NUMBERS: '+15550009999:lost:1',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SIM_HTTP_PORT: must be at most 65535/);
    expect(load).toThrow(/SIM_INBOUND_WEBHOOK_URL: must be an http or https URL/);
    expect(load).toThrow(/SIM_FAILING_NUMBERS: entry 1 must look like/);
  });

  it('should never print the value it rejected', () => {
    const load = () => loadSimulatorConfig({ SIM_ACCOUNT_SID: 'ACsecret-looking-value', SIM_AUTH_TOKEN: '' });
    expect(load).toThrow(/SIM_ACCOUNT_SID: must be AC followed by 32 lowercase hex digits/);
    expect(load).not.toThrow(/secret-looking/);
  });
});
