import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '@threadline/platform';
import { agentGatewayService } from './agent-gateway.service';
import { DEVELOPMENT_JWT_SECRET } from './config';

const load = (env: NodeJS.ProcessEnv) => loadConfig(agentGatewayService.configSchema, env);
const SECRET = 'a-production-secret-of-more-than-32-characters';

function problemsOf(env: NodeJS.ProcessEnv): ConfigError['problems'] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('agent-gateway config', () => {
  it('serves the workspace’s own build of the web app unless WEB_APP_DIR says where it is', () => {
    expect(load({})).toMatchObject({ WEB_APP_DIR: resolve(__dirname, '../../../apps/web/dist') });
    expect(load({ WEB_APP_DIR: '/srv/web/' })).toMatchObject({ WEB_APP_DIR: '/srv/web' });
  });

  it('runs out of the box in development, with 8-hour tokens and 50 MiB directory imports', () => {
    expect(load({})).toMatchObject({
      AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
      AUTH_TOKEN_TTL_SECONDS: 28_800,
      DIRECTORY_IMPORT_MAX_BYTES: 50 * 1024 * 1024,
      HTTP_PORT: 3000,
    });
  });

  it('reads the directory import limit in bytes and refuses one that is not a sensible size', () => {
    expect(load({ DIRECTORY_IMPORT_MAX_BYTES: '1048576' })).toMatchObject({
      DIRECTORY_IMPORT_MAX_BYTES: 1_048_576,
    });
    expect(problemsOf({ DIRECTORY_IMPORT_MAX_BYTES: '50MB' })[0]?.variable).toBe(
      'DIRECTORY_IMPORT_MAX_BYTES',
    );
    expect(problemsOf({ DIRECTORY_IMPORT_MAX_BYTES: '0' })[0]?.variable).toBe('DIRECTORY_IMPORT_MAX_BYTES');
  });

  it('limits agent messages to 1600 characters unless configured lower, and reads numbers in the US', () => {
    expect(load({})).toMatchObject({ AGENT_MESSAGE_MAX_CHARS: 1600, SMS_DEFAULT_REGION: 'US' });
    expect(load({ AGENT_MESSAGE_MAX_CHARS: '320', SMS_DEFAULT_REGION: 'GB' })).toMatchObject({
      AGENT_MESSAGE_MAX_CHARS: 320,
      SMS_DEFAULT_REGION: 'GB',
    });
    // Interaction refuses longer messages, so a larger limit would only move the refusal there.
    expect(problemsOf({ AGENT_MESSAGE_MAX_CHARS: '1601' })[0]?.variable).toBe('AGENT_MESSAGE_MAX_CHARS');
    expect(problemsOf({ AGENT_MESSAGE_MAX_CHARS: '0' })[0]?.variable).toBe('AGENT_MESSAGE_MAX_CHARS');
    expect(problemsOf({ SMS_DEFAULT_REGION: 'XX' })[0]?.variable).toBe('SMS_DEFAULT_REGION');
  });

  it('reports connected agents to routing every 30 s unless configured otherwise, at most every 100 ms', () => {
    expect(load({})).toMatchObject({ AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: 30_000 });
    expect(load({ AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: '200' })).toMatchObject({
      AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: 200,
    });
    for (const value of ['99', '30s', '600001']) {
      expect(problemsOf({ AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: value })[0]?.variable).toBe(
        'AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS',
      );
    }
  });

  it('refuses to start in production with the development secret, without printing it', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      { variable: 'AUTH_JWT_SECRET', problem: expect.stringContaining('NODE_ENV=production') },
    ]);
    expect(JSON.stringify(problems)).not.toContain(DEVELOPMENT_JWT_SECRET);
    expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toHaveLength(1);
  });

  it('starts in production with a secret of its own', () => {
    expect(load({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET })).toMatchObject({
      AUTH_JWT_SECRET: SECRET,
    });
  });

  it('refuses a secret shorter than 32 characters and a token lifetime that is not a positive number', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'too-short' })).toEqual([
      { variable: 'AUTH_JWT_SECRET', problem: 'must be at least 32' },
    ]);
    expect(problemsOf({ AUTH_TOKEN_TTL_SECONDS: '0' })[0]?.variable).toBe('AUTH_TOKEN_TTL_SECONDS');
  });

  it('treats the secret as a secret', () => {
    expect(agentGatewayService.secretKeys).toContain('AUTH_JWT_SECRET');
  });
});
