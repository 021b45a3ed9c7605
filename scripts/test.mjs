// `npm test`: install from the lockfile, check the servers, build, then run every test tier
// (unit, integration against the real servers, end to end) through turbo.
import { installDependencies, log, requireServers, run } from './lib.mjs';

installDependencies();
await requireServers();
log('building');
run('pnpm', ['turbo', 'run', 'build']);
log('running unit, integration and end-to-end tests');
run('pnpm', ['turbo', 'run', 'test', 'test:int', 'e2e', '--concurrency=2', ...process.argv.slice(2)]);
