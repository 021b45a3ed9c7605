// One jest configuration for every package. JEST_KIND picks the tier:
//   unit (default): src/**/*.spec.ts, no servers needed
//   int:            test/**/*.int-spec.ts, against the real NATS, Postgres and Redis
//   e2e:            e2e/**/*.e2e-spec.ts, whole-system scenarios
//   bench is not a jest tier: benchmarks print figures and are run with `pnpm bench`.
const path = require('node:path');

const tiers = {
  unit: { testRegex: '/src/.*\\.spec\\.ts$', testTimeout: 10_000 },
  int: { testRegex: '/test/.*\\.int-spec\\.ts$', testTimeout: 60_000 },
  e2e: { testRegex: '/e2e/.*\\.e2e-spec\\.ts$', testTimeout: 120_000 },
};

module.exports = function jestConfig(packageDir) {
  const kind = process.env.JEST_KIND ?? 'unit';
  const tier = tiers[kind];
  if (!tier) throw new Error(`JEST_KIND must be one of ${Object.keys(tiers).join(', ')}, got ${kind}`);
  const repoRoot = __dirname;
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    testRegex: tier.testRegex,
    testTimeout: tier.testTimeout,
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(packageDir, 'tsconfig.json') }],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    // Workspace packages are compiled from source so a test never runs against a stale dist/.
    moduleNameMapper: {
      // The one workspace package that lives under tools/ but is imported by tests.
      '^@threadline/provider-simulator$': path.join(repoRoot, 'tools/provider-simulator/src/index.ts'),
      '^@threadline/([a-z-]+)$': path.join(repoRoot, 'packages/$1/src/index.ts'),
      '^@threadline/([a-z-]+)/([a-z-]+)$': path.join(repoRoot, 'packages/$1/src/$2/index.ts'),
    },
    passWithNoTests: false,
    errorOnDeprecated: true,
  };
};
