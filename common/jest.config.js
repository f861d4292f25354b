// The bus contract suite starts (and kills) its own brokers, so it needs their programs rather than servers.
module.exports = require('../jest.base')(__dirname, {
  dependencies: ['mongodb', 'nats-streaming-server', 'nats-server'],
});
