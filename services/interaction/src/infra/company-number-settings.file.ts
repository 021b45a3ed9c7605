import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CompanyNumberSettings, type SettingsParseResult } from '../domain/company-number-settings';

/**
 * Reads the company-number settings file (a path relative to the working directory), or gives
 * the built-in defaults when there is none. Every problem names the file and where in it.
 */
export function loadCompanyNumberSettingsFile(
  path: string | undefined,
  cwd = process.cwd(),
): SettingsParseResult {
  if (path === undefined) return { ok: true, settings: CompanyNumberSettings.defaults() };
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problems: [`cannot read ${file}${code ? ` (${code})` : ''}`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file} is not JSON: ${(error as Error).message}`] };
  }
  const parsed = CompanyNumberSettings.parse(raw, file);
  return parsed.ok
    ? parsed
    : { ok: false, problems: parsed.problems.map((problem) => `${file}: ${problem}`) };
}
