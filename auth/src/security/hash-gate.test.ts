import { ServiceUnavailableError } from '@ticketing/common';
import { metricValue } from '@ticketing/common/testing';
import { HashGate, type HashPurpose } from './hash-gate';

/** A hash that finishes only when the test says so. */
function heldHash() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { finish, hash: () => done };
}

/** Lets the promises already resolved run their continuations. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const limits = { concurrency: 3, signUpConcurrency: 2, queue: { signin: 2, signup: 2 } };

describe('HashGate', () => {
  it('when sign-ups hold every slot they may, then a sign-in still starts at once', async () => {
    const gate = new HashGate(limits);
    const held = [heldHash(), heldHash(), heldHash()];
    const signUps = held.map((h) => gate.run('signup', h.hash));
    await settle();
    expect(gate.load().signup).toEqual({ running: 2, waiting: 1 });

    let signedIn = false;
    const signIn = gate.run('signin', async () => {
      signedIn = true;
    });
    await signIn;
    expect(signedIn).toBe(true);
    expect(gate.load().signup).toEqual({ running: 2, waiting: 1 });
    held.forEach((h) => h.finish());
    await Promise.all(signUps);
  });

  it('when a purpose has its queue full, then one more is refused with 503 and Retry-After, and counted', async () => {
    const gate = new HashGate(limits);
    const before = await metricValue('ticketing_password_hash_refusals_total', { purpose: 'signup' });
    const held = Array.from({ length: 4 }, heldHash);
    const admitted = held.map((h) => gate.run('signup', h.hash));
    await settle();
    expect(gate.load().signup).toEqual({ running: 2, waiting: 2 });

    const refused = gate.run('signup', async () => 'never run');
    await expect(refused).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(refused).rejects.toMatchObject({ statusCode: 503, retryAfterSeconds: 1 });
    expect(await metricValue('ticketing_password_hash_refusals_total', { purpose: 'signup' })).toBe(
      before + 1,
    );
    held.forEach((h) => h.finish());
    await Promise.all(admitted);
  });

  it('when a slot frees, then a waiting sign-in takes it before a sign-up that waited longer', async () => {
    const gate = new HashGate({ concurrency: 2, signUpConcurrency: 1, queue: { signin: 2, signup: 2 } });
    const order: HashPurpose[] = [];
    const blockers = [heldHash(), heldHash()];
    const running = [gate.run('signup', blockers[0]!.hash), gate.run('signin', blockers[1]!.hash)];
    const waitingSignUp = gate.run('signup', async () => {
      order.push('signup');
    });
    const waitingSignIn = gate.run('signin', async () => {
      order.push('signin');
    });
    await settle();
    expect(gate.load()).toEqual({ signin: { running: 1, waiting: 1 }, signup: { running: 1, waiting: 1 } });

    blockers[0]!.finish();
    await Promise.all([running[0], waitingSignIn, waitingSignUp]);
    expect(order).toEqual(['signin', 'signup']);
    blockers[1]!.finish();
    await running[1];
  });

  it('when a burst of both arrives, then never more than the limit run at once and every admitted one runs', async () => {
    const gate = new HashGate({ concurrency: 3, signUpConcurrency: 2, queue: { signin: 50, signup: 50 } });
    let now = 0;
    let most = 0;
    let mostSignUps = 0;
    const task = async () => {
      now += 1;
      most = Math.max(most, now);
      mostSignUps = Math.max(mostSignUps, gate.load().signup.running);
      await settle();
      now -= 1;
    };
    const purposes: HashPurpose[] = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'signin' : 'signup'));
    await Promise.all(purposes.map((purpose) => gate.run(purpose, task)));
    expect(most).toBe(3);
    expect(mostSignUps).toBe(2);
    expect(gate.load()).toEqual({ signin: { running: 0, waiting: 0 }, signup: { running: 0, waiting: 0 } });
  });

  it('when a hash fails, then its slot is freed for the next one', async () => {
    const gate = new HashGate({ concurrency: 2, signUpConcurrency: 1, queue: { signin: 1, signup: 1 } });
    await expect(gate.run('signup', () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    await expect(gate.run('signup', async () => 'hashed')).resolves.toBe('hashed');
    expect(gate.load().signup).toEqual({ running: 0, waiting: 0 });
  });

  it.each([[{ concurrency: 2, signUpConcurrency: 2 }], [{ concurrency: 2, signUpConcurrency: 0 }]])(
    'when the limits %j leave sign-ins or sign-ups no slot, then the gate refuses them',
    (slots) => {
      expect(() => new HashGate({ ...slots, queue: { signin: 1, signup: 1 } })).toThrow('slot');
    },
  );
});
