// System tests start whole platforms: one file at a time keeps the two cores from being oversubscribed.
module.exports = require('../jest.base')(__dirname, {
  roots: ['<rootDir>/src'],
  testTimeout: 180000,
  maxWorkers: 1,
});
