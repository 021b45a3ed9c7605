import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const web = join(__dirname, '..', '..');
const committed = join(web, 'src', 'api', 'agent-gateway.d.ts');
const document = join(web, '..', '..', 'services', 'agent-gateway', 'openapi.json');

describe('the API types', () => {
  it('are what openapi-typescript generates from the committed OpenAPI document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-api-types-'));
    try {
      const fresh = join(dir, 'agent-gateway.d.ts');
      // The CLI that `pnpm --filter @threadline/web api:types` runs, so the two cannot drift apart.
      const cli = join(web, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
      execFileSync(process.execPath, [cli, document, '-o', fresh], { stdio: 'pipe' });
      const stale =
        'src/api/agent-gateway.d.ts is not what services/agent-gateway/openapi.json generates: run ' +
        '`pnpm --filter @threadline/agent-gateway openapi:write` after changing the API (or ' +
        '`pnpm --filter @threadline/web api:types` if only openapi.json changed), never edit it by hand';
      if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) throw new Error(stale);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
