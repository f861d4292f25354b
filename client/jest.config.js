// Unit tests for the client's pure helpers (pages and components are covered by the browser tests in e2e/).
module.exports = require('../jest.base')(__dirname, { roots: ['<rootDir>/lib'] });
