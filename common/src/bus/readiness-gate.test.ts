import { FakeBus } from './fake-bus';
import { ReadinessGate } from './readiness-gate';

/** A gate over a fake bus whose one check answers what `state.ready` says (or throws when it is an Error). */
function gateWithCheck() {
  const bus = new FakeBus();
  const state: { ready: boolean | Error } = { ready: true };
  const gate = new ReadinessGate(bus, {
    database: () => {
      if (state.ready instanceof Error) throw state.ready;
      return state.ready;
    },
  });
  return { bus, state, gate };
}

describe('ReadinessGate', () => {
  it('when a readiness check fails, then the bus is paused, and when it passes again, the bus resumes', async () => {
    const { bus, state, gate } = gateWithCheck();
    expect(await gate.check()).toBe(true);
    expect(bus.paused).toBe(false);

    state.ready = false;
    expect(await gate.check()).toBe(false);
    expect(bus.paused).toBe(true);
    expect(await gate.check()).toBe(false);
    expect(bus.paused).toBe(true);

    state.ready = true;
    expect(await gate.check()).toBe(true);
    expect(bus.paused).toBe(false);
  });

  it('when a readiness check throws, then it counts as failing', async () => {
    const { bus, state, gate } = gateWithCheck();
    state.ready = new Error('database driver exploded');
    expect(await gate.check()).toBe(false);
    expect(bus.paused).toBe(true);
  });

  it('when the bus is paused, then nothing is delivered to its listeners', async () => {
    const { bus, state, gate } = gateWithCheck();
    await bus.subscribe('expiration:complete', async () => undefined);
    state.ready = false;
    await gate.check();
    expect(() => bus.deliver('expiration:complete', { orderId: 'a'.repeat(24) })).toThrow(/paused/);
  });

  it('when started, then it looks at the checks by itself until stopped', async () => {
    const bus = new FakeBus();
    let ready = false;
    const gate = new ReadinessGate(bus, { database: () => ready }, 10);
    gate.start();
    try {
      while (!bus.paused) await new Promise((resolve) => setTimeout(resolve, 5));
      ready = true;
      while (bus.paused) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      await gate.stop();
    }
    expect(bus.paused).toBe(false);
  });
});
