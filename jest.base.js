// Shared jest settings: TypeScript through SWC (type checking is `tsc -b`'s job), and workspace
// packages resolved to their sources so tests never need a prior build.
//
// `dependencies` names what the suite needs (servers: mongodb, stan, jetstream, redis, stripe-mock; programs:
// nats-streaming-server, nats-server, kustomize, chromium; files: skaffold-schema). A global setup from tools/
// reuses those whose variable is already set (the root `npm test` starts them all once; a file is still checked
// against its pinned hash) and starts or obtains the others, so `npm test -w <workspace>` works alone; the global
// teardown stops what it started.
const path = require('node:path');

module.exports = function jestConfig(dir, { dependencies = [], ...overrides } = {}) {
  const hooks =
    dependencies.length === 0
      ? {}
      : {
          globalSetup: path.join(__dirname, 'tools/src/jest/global-setup.ts'),
          globalTeardown: path.join(__dirname, 'tools/src/jest/global-teardown.ts'),
          testEnvironmentOptions: { ticketingDependencies: dependencies },
        };
  return {
    rootDir: dir,
    testEnvironment: 'node',
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.test.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
    moduleNameMapper: {
      '^@ticketing/common$': path.join(__dirname, 'common/src/index.ts'),
      '^@ticketing/common/testing$': path.join(__dirname, 'common/src/testing/index.ts'),
      '^@ticketing/tools$': path.join(__dirname, 'tools/src/index.ts'),
    },
    testTimeout: 30000,
    ...hooks,
    ...overrides,
  };
};
