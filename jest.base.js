// Shared jest settings: TypeScript through SWC (type checking is `tsc -b`'s job), and workspace
// packages resolved to their sources so tests never need a prior build.
const path = require('node:path');

module.exports = function jestConfig(dir, overrides = {}) {
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
    ...overrides,
  };
};
