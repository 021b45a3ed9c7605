import { ConfigError, loadConfig } from '@threadline/platform';
import { DEVELOPMENT_MEDIA_URL_SECRET, SIMULATOR_AUTH_TOKEN, type SmsGatewayConfig } from './config';
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

  it("refuses to start in production with the simulator's public auth token, without printing it", () => {
    const unset: Record<string, string> = {
      NODE_ENV: 'production',
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

  it('starts in production with an auth token of its own', () => {
    expect(
      load({
        NODE_ENV: 'production',
        TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token',
        MEDIA_URL_SECRET: 'a-media-url-secret-of-our-own',
      }),
    ).toMatchObject({
      NODE_ENV: 'production',
      TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token',
    });
  });

  it('S5: refuses to start in production with the development media URL secret, without printing it', () => {
    const refusal = refusalOf({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token' });
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

  it('treats the auth token, the media URL secret and the S3 credentials as secrets', () => {
    expect(smsGatewayService.secretKeys).toEqual([
      'TWILIO_AUTH_TOKEN',
      'MEDIA_URL_SECRET',
      'MEDIA_S3_ACCESS_KEY_ID',
      'MEDIA_S3_SECRET_ACCESS_KEY',
    ]);
  });
});
