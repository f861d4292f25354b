import { loadServices, type Services } from './services';
import { START } from './world';

/**
 * For a test file: the four services loaded once, and the clock faked. Only `Date` is faked (jest's modern fake
 * timers with everything else real): the services read time only through Date, so setting the system time moves
 * their clocks, while the database driver's and the HTTP server's timers keep running for real.
 */
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
  });
  afterAll(async () => {
    await services?.stop();
    jest.useRealTimers();
  });
  return () => {
    if (!services) throw new Error('the services are not loaded yet');
    return services;
  };
}
