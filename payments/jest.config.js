// stripe-mock checks the Stripe adapter's requests.
module.exports = require('../jest.base')(__dirname, {
  setupFilesAfterEnv: ['<rootDir>/src/test/setup.ts'],
  dependencies: ['mongodb', 'stripe-mock'],
});
