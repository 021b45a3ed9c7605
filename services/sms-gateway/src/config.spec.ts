import { ConfigError, loadConfig } from '@threadline/platform';
import {
  DEVELOPMENT_MEDIA_URL_SECRET,
  SIMULATOR_AUTH_TOKEN,
  SIMULATOR_TELNYX_API_KEY,
  SIMULATOR_TELNYX_PUBLIC_KEY,
  type SmsGatewayConfig,
  sendRates,
} from './config';
import { smsGatewayService } from './sms-gateway.service';

function load(env: Record<string, string> = {}): SmsGatewayConfig {
  return loadConfig(smsGatewayService.configSchema, env) as SmsGatewayConfig;
}

function refusalOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

function problemsOf(env: Record<string, string>): string[] {
  return refusalOf(env).problems.map((problem) => problem.variable);
}

describe('sms-gateway config', () => {
  it('points at the local provider simulator when nothing is configured', () => {
    expect(load()).toMatchObject({
      HTTP_PORT: 3001,
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
      TWILIO_AUTH_TOKEN: 'threadline-simulator-token',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:3100',
      SMS_PUBLIC_BASE_URL: 'http://127.0.0.1:3001',
      SMS_DEFAULT_REGION: 'US',
      SMS_MAX_BODY_BYTES: 65536,
      PROVIDER_TIMEOUT_MS: 10000,
      TELNYX_API_KEY: SIMULATOR_TELNYX_API_KEY,
      TELNYX_PUBLIC_KEY: SIMULATOR_TELNYX_PUBLIC_KEY,
      TELNYX_API_BASE_URL: 'http://127.0.0.1:3100',
      TELNYX_WEBHOOK_TOLERANCE_SECONDS: 300,
    });
  });

  it('reads a real Twilio account, dropping trailing slashes from base URLs', () => {
    expect(
      load({
        TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
        TWILIO_API_BASE_URL: 'https://api.twilio.com/',
        SMS_PUBLIC_BASE_URL: 'https://sms.example.com/',
        SMS_DEFAULT_REGION: 'GB',
      }),
    ).toMatchObject({
      TWILIO_API_BASE_URL: 'https://api.twilio.com',
      SMS_PUBLIC_BASE_URL: 'https://sms.example.com',
      SMS_DEFAULT_REGION: 'GB',
    });
  });

  it('names each setting it refuses', () => {
    expect(
      problemsOf({
        TWILIO_ACCOUNT_SID: 'not-a-sid',
        TWILIO_API_BASE_URL: 'ftp://api.twilio.com',
        SMS_DEFAULT_REGION: 'Atlantis',
        SMS_MAX_BODY_BYTES: '1000000',
      }).sort(),
    ).toEqual(['SMS_DEFAULT_REGION', 'SMS_MAX_BODY_BYTES', 'TWILIO_ACCOUNT_SID', 'TWILIO_API_BASE_URL']);
  });

  const TELNYX_ACCOUNT = {
    TELNYX_API_KEY: 'KEY-a-real-telnyx-api-key',
    TELNYX_PUBLIC_KEY: Buffer.alloc(32, 7).toString('base64'),
  };

  it("refuses to start in production with the simulator's public auth token, without printing it", () => {
    const unset: Record<string, string> = {
      NODE_ENV: 'production',
      ...TELNYX_ACCOUNT,
      MEDIA_URL_SECRET: 'a-media-url-secret-of-our-own',
    };
    for (const env of [unset, { ...unset, TWILIO_AUTH_TOKEN: SIMULATOR_AUTH_TOKEN }]) {
      const refusal = refusalOf(env);
      expect(refusal.problems).toEqual([
        { variable: 'TWILIO_AUTH_TOKEN', problem: expect.stringContaining('NODE_ENV=production') },
      ]);
      expect(refusal.message).not.toContain(SIMULATOR_AUTH_TOKEN);
      expect(JSON.stringify(refusal.problems)).not.toContain(SIMULATOR_AUTH_TOKEN);
    }
  });

  it("refuses to start in production with the simulator's Telnyx API key or public key", () => {
    const env = {
      NODE_ENV: 'production',
      TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token',
      MEDIA_URL_SECRET: 'a-media-url-secret-of-our-own',
    };
    expect(problemsOf(env).sort()).toEqual(['TELNYX_API_KEY', 'TELNYX_PUBLIC_KEY']);
    expect(
      problemsOf({
        ...env,
        TELNYX_API_KEY: SIMULATOR_TELNYX_API_KEY,
        TELNYX_PUBLIC_KEY: SIMULATOR_TELNYX_PUBLIC_KEY,
      }).sort(),
    ).toEqual(['TELNYX_API_KEY', 'TELNYX_PUBLIC_KEY']);
  });

  it('refuses a Telnyx public key that is not 32 bytes of base64', () => {
    expect(problemsOf({ TELNYX_PUBLIC_KEY: Buffer.alloc(16).toString('base64') })).toEqual([
      'TELNYX_PUBLIC_KEY',
    ]);
  });

  it('starts in production with an auth token of its own', () => {
    expect(
      load({
        NODE_ENV: 'production',
        TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token',
        MEDIA_URL_SECRET: 'a-media-url-secret-of-our-own',
        ...TELNYX_ACCOUNT,
      }),
    ).toMatchObject({
      NODE_ENV: 'production',
      TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token',
    });
  });

  it('send rates: 1, 3 and 100 segments a second for long codes, toll-free and short codes by default', () => {
    expect(sendRates(load())).toEqual({ long_code: 1, toll_free: 3, short_code: 100 });
  });

  it('send rates: reads decimals per number type', () => {
    expect(
      sendRates(load({ SMS_RATE_LONG_CODE: '0.5', SMS_RATE_TOLL_FREE: '2.5', SMS_RATE_SHORT_CODE: '30' })),
    ).toEqual({ long_code: 0.5, toll_free: 2.5, short_code: 30 });
  });

  it('send rates: refuses a rate that is not a positive number', () => {
    expect(
      problemsOf({ SMS_RATE_LONG_CODE: '0', SMS_RATE_TOLL_FREE: '-1', SMS_RATE_SHORT_CODE: 'fast' }).sort(),
    ).toEqual(['SMS_RATE_LONG_CODE', 'SMS_RATE_SHORT_CODE', 'SMS_RATE_TOLL_FREE']);
  });

  it('S3: tries a send on the provider 6 times unless configured, 1 to 20', () => {
    expect(load().SMS_SEND_MAX_ATTEMPTS).toBe(6);
    expect(load({ SMS_SEND_MAX_ATTEMPTS: '3' }).SMS_SEND_MAX_ATTEMPTS).toBe(3);
    expect(problemsOf({ SMS_SEND_MAX_ATTEMPTS: '0' })).toEqual(['SMS_SEND_MAX_ATTEMPTS']);
    expect(problemsOf({ SMS_SEND_MAX_ATTEMPTS: '21' })).toEqual(['SMS_SEND_MAX_ATTEMPTS']);
  });

  it('S5: refuses to start in production with the development media URL secret, without printing it', () => {
    const refusal = refusalOf({
      NODE_ENV: 'production',
      TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token',
      ...TELNYX_ACCOUNT,
    });
    expect(refusal.problems).toEqual([
      { variable: 'MEDIA_URL_SECRET', problem: expect.stringContaining('NODE_ENV=production') },
    ]);
    expect(refusal.message).not.toContain(DEVELOPMENT_MEDIA_URL_SECRET);
  });

  it('S5: keeps media in a local directory by default, within 5 MB, of the four image types', () => {
    expect(load()).toMatchObject({
      MEDIA_STORAGE: 'local',
      SMS_MAX_MEDIA_BYTES: 5 * 1024 * 1024,
      MEDIA_ALLOWED_TYPES: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    });
  });

  it('treats the auth tokens and keys, the media URL secret and the S3 credentials as secrets', () => {
    expect(smsGatewayService.secretKeys).toEqual([
      'TWILIO_AUTH_TOKEN',
      'TELNYX_API_KEY',
      'MEDIA_URL_SECRET',
      'MEDIA_S3_ACCESS_KEY_ID',
      'MEDIA_S3_SECRET_ACCESS_KEY',
    ]);
  });

  it('runs the Twilio and Telnyx accounts unless SMS_PROVIDERS names fewer; refuses unknown or none', () => {
    expect(load().SMS_PROVIDERS).toEqual(['twilio', 'telnyx']);
    expect(load({ SMS_PROVIDERS: ' Twilio , twilio' }).SMS_PROVIDERS).toEqual(['twilio']);
    expect(problemsOf({ SMS_PROVIDERS: 'twilio,sinch' })).toEqual(['SMS_PROVIDERS']);
    expect(problemsOf({ SMS_PROVIDERS: ' , ' })).toEqual(['SMS_PROVIDERS']);
  });

  it('starts in production without Telnyx keys when it runs only Twilio, and without a Twilio token when only Telnyx', () => {
    const production = { NODE_ENV: 'production', MEDIA_URL_SECRET: 'a-media-url-secret-of-our-own' };
    expect(
      load({ ...production, SMS_PROVIDERS: 'twilio', TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token' }),
    ).toMatchObject({ SMS_PROVIDERS: ['twilio'] });
    expect(load({ ...production, SMS_PROVIDERS: 'telnyx', ...TELNYX_ACCOUNT })).toMatchObject({
      SMS_PROVIDERS: ['telnyx'],
    });
    expect(problemsOf({ ...production, SMS_PROVIDERS: 'telnyx' }).sort()).toEqual([
      'TELNYX_API_KEY',
      'TELNYX_PUBLIC_KEY',
    ]);
  });
});
