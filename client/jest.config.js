// The client's tests: pure helpers in lib/, and in test/ the pages and route handlers over HTTP against the
// production build (the browser flows are in e2e/browser).
module.exports = require('../jest.base')(__dirname, {
  roots: ['<rootDir>/lib', '<rootDir>/test'],
  // test/ starts the production build (next start) in front of fake services.
  testTimeout: 60000,
});
