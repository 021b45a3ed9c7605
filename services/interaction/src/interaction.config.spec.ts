import { ConfigError, loadConfig } from '@threadline/platform';
import { z } from 'zod';
import { interactionConfig } from './interaction.config';

const schema = z.object(interactionConfig);

function refusedVariables(env: Record<string, string>): string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('interaction config', () => {
  it('S4: holds agents’ texts to 10 SMS segments unless configured', () => {
    expect(loadConfig(schema, {}).SMS_MAX_SEGMENTS).toBe(10);
    expect(loadConfig(schema, { SMS_MAX_SEGMENTS: '4' }).SMS_MAX_SEGMENTS).toBe(4);
  });

  it('S4: refuses a segment limit under 1, or over 10 (Twilio sends at most 1600 characters)', () => {
    expect(refusedVariables({ SMS_MAX_SEGMENTS: '0' })).toEqual(['SMS_MAX_SEGMENTS']);
    expect(refusedVariables({ SMS_MAX_SEGMENTS: '11' })).toEqual(['SMS_MAX_SEGMENTS']);
  });
});
