import { loadServices, type Services } from './services';
import { START } from './world';

/**
 * For a test file: the four services loaded once, and the clock faked. Only `Date` is faked (jest's modern fake
 * timers with everything else real): the services read time only through Date, so setting the system time moves
 * their clocks, while the database driver's and the HTTP server's timers keep running for real.
 */
/**
 * How long one test of schedules may take. Given to each `it` and hook, since the root `npm test` runs every
 * workspace as one multi-project jest run, which ignores a project's own `testTimeout`.
 */
export const SCHEDULES_TIMEOUT_MS = 600_000;

export function useSimulation(): () => Services {
  let services: Services | undefined;
  beforeAll(async () => {
    jest.useFakeTimers({
      now: START,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    services = await loadServices();
  }, SCHEDULES_TIMEOUT_MS);
  afterAll(async () => {
    await services?.stop();
    jest.useRealTimers();
  }, SCHEDULES_TIMEOUT_MS);
  return () => {
    if (!services) throw new Error('the services are not loaded yet');
    return services;
  };
}
