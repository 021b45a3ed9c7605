// Rewrites openapi.json with the document the gateway serves, and the web app's types from it.
// Boots the built gateway (dist/) the way the int tests do: in this process, on a free port,
// against an isolated database, stream prefix and Redis namespace of the running servers, which
// are dropped afterwards. `pnpm --filter @threadline/agent-gateway openapi:write` builds first.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');
const { bootService, createIsolatedEnvironment } = require('@threadline/testkit');
const { agentGatewayService } = require('../dist/agent-gateway.service');

const target = join(__dirname, '..', 'openapi.json');

async function main() {
  const environment = await createIsolatedEnvironment();
  let service;
  try {
    service = await bootService(agentGatewayService, environment);
    const response = await fetch(`${service.url}/docs/openapi.json`);
    if (!response.ok) throw new Error(`GET /docs/openapi.json answered ${response.status}`);
    // The format the snapshot test and prettier's ignore list expect: 2 spaces, a final newline.
    writeFileSync(target, `${JSON.stringify(await response.json(), null, 2)}\n`);
    console.log(`wrote ${target}`);
  } finally {
    await service?.stop();
    await environment.dispose();
  }
  execFileSync('pnpm', ['--filter', '@threadline/web', 'api:types'], { stdio: 'inherit' });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
