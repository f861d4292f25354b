module.exports = require('../jest.base')(__dirname, {
  roots: ['<rootDir>/test'],
  testTimeout: 120000,
  dependencies: ['kustomize', 'promtool', 'skaffold-schema'],
});
