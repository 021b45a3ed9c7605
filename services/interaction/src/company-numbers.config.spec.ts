import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@threadline/platform';
import { z } from 'zod';
import { companyNumbersConfig } from './company-numbers.config';

const schema = z.object(companyNumbersConfig);
const DEMO = join(__dirname, '..', 'config', 'demo-company-numbers.json');

function fileWith(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'company-numbers-')), 'settings.json');
  writeFileSync(file, content);
  return file;
}

function problemsFor(file: string): Array<{ variable: string; problem: string }> {
  try {
    loadConfig(schema, { INTERACTION_COMPANY_NUMBERS_FILE: file });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('INTERACTION_COMPANY_NUMBERS_FILE', () => {
  it('unset (or empty): the built-in defaults, no virtual agent anywhere', () => {
    for (const env of [{}, { INTERACTION_COMPANY_NUMBERS_FILE: '' }]) {
      const config = loadConfig(schema, env);
      expect(config.INTERACTION_COMPANY_NUMBERS_FILE.for('+15550100002').virtualAgent).toBeNull();
    }
  });

  it('reads and checks the file once, at start-up', () => {
    const config = loadConfig(schema, { INTERACTION_COMPANY_NUMBERS_FILE: DEMO });
    expect(config.INTERACTION_COMPANY_NUMBERS_FILE.for('+15550100002').virtualAgent?.kind).toBe('builtin');
    expect(config.INTERACTION_COMPANY_NUMBERS_FILE.source).toBe(DEMO);
  });

  it('stops start-up naming the variable and the file when the file is missing', () => {
    const missing = join(tmpdir(), 'no-such-dir', 'settings.json');
    expect(problemsFor(missing)).toEqual([
      { variable: 'INTERACTION_COMPANY_NUMBERS_FILE', problem: `cannot read ${missing} (ENOENT)` },
    ]);
  });

  it('stops start-up when the file is not JSON', () => {
    const file = fileWith('{ "numbers": ');
    expect(problemsFor(file)).toEqual([
      {
        variable: 'INTERACTION_COMPANY_NUMBERS_FILE',
        problem: expect.stringMatching(new RegExp(`^${file} is not JSON: `)),
      },
    ]);
  });

  it('stops start-up naming every problem and where it is in the file', () => {
    const file = fileWith(
      JSON.stringify({
        numbers: { '+15550100002': { virtualAgent: { kind: 'http', url: 'not a url' } }, bogus: {} },
      }),
    );
    const problems = problemsFor(file).map((p) => `${p.variable}: ${p.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^INTERACTION_COMPANY_NUMBERS_FILE: .*settings\.json: numbers\.\+15550100002\.virtualAgent\.url: /,
        ),
        expect.stringMatching(/^INTERACTION_COMPANY_NUMBERS_FILE: .*settings\.json: numbers\.bogus/),
      ]),
    );
  });
});
