// The browser tests: the e2e settings (one file at a time, long timeouts) over this folder, with Chromium. The
// platform they drive starts its own servers, as the system tests' do.
const e2e = require('../jest.config');

module.exports = require('../../jest.base')(e2e.rootDir, {
  ...e2e,
  roots: ['<rootDir>/browser'],
  dependencies: ['chromium'],
});
