// The browser tests: the e2e settings (one file at a time, long timeouts), over this folder.
module.exports = { ...require('../jest.config'), roots: ['<rootDir>/browser'] };
