// The simulation loads every service into its own module registry in one jest worker; a schedule is long, and
// one file at a time keeps the two cores for the schedules themselves.
module.exports = require('../jest.base')(__dirname, {
  dependencies: ['mongodb'],
  testTimeout: 600000,
  maxWorkers: 1,
});
