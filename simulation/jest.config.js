// The simulation loads every service into its own module registry in one jest worker; a schedule is long, and
// one file at a time keeps the two cores for the schedules themselves. Both hold for `npm test -w simulation`
// only: the root run's one multi-project jest ignores a project's testTimeout and maxWorkers, so the tests give
// their own timeout (SCHEDULES_TIMEOUT_MS).
module.exports = require('../jest.base')(__dirname, {
  dependencies: ['mongodb'],
  testTimeout: 600000,
  maxWorkers: 1,
});
