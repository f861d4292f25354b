module.exports = require('../jest.base')(__dirname, {
  setupFilesAfterEnv: ['<rootDir>/src/test/setup.ts'],
  dependencies: ['redis'],
});
