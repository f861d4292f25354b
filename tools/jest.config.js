// The tools' own tests (the gateway, the supervisor, the fault proxies over a real toxiproxy-server); the
// dependency manager and the platform are exercised by every suite and by the system tests.
module.exports = require('../jest.base')(__dirname);
