import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument } from '../asyncapi';

// Regenerates packages/contracts/asyncapi.json; CI fails when the committed file is stale.
const target = join(__dirname, '..', '..', 'asyncapi.json');
writeFileSync(target, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
