import { PASSWORD, signIn, signUp, testApp, uniqueEmail } from '../test/users';
import { HashGate } from './hash-gate';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Sends a request now (supertest sends only once awaited). */
const sent = <T>(req: PromiseLike<T>): Promise<T> => Promise.resolve(req);

/** Waits until the gate shows the load the test arranged (no clock involved: it yields until then). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await settle();
}

describe('a sign-up flood', () => {
  it('when one address floods sign-ups (its limit raised, as for a load test), then an existing user signs in normally', async () => {
    const gate = new HashGate({ concurrency: 2, signUpConcurrency: 1, queue: { signin: 4, signup: 3 } });
    const app = testApp({ hashGate: gate });
    const email = uniqueEmail();
    expect((await signUp(app, email)).status).toBe(201);

    // Two hashes that last until the test ends them ask for the slots, so the flood stays in flight: without the
    // slot kept for sign-ins, they would hold both and the sign-in below would wait for ever.
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const held = [1, 2].map(() => gate.run('signup', () => finished));
    const flood = Array.from({ length: 20 }, () =>
      sent(signUp(app, uniqueEmail(), undefined, '203.0.113.60')),
    );
    await until(() => gate.load().signup.waiting === 3);

    const signedIn = await signIn(app, email, PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ id: expect.any(String), email });

    finish();
    await Promise.all(held);
    const answers = await Promise.all(flood);
    const refused = answers.filter((res) => res.status === 503);
    expect(answers.filter((res) => res.status === 201)).toHaveLength(2);
    expect(refused).toHaveLength(18);
    for (const res of refused) {
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toEqual({
        errors: [{ message: 'Too many password checks at once; please try again' }],
      });
    }
  });

  it('when a flood of sign-ups comes from one address at the production limit, then the excess is 429 and sign-in answers', async () => {
    const app = testApp({ signUpLimits: { perAddress: 20 } });
    const email = uniqueEmail();
    expect((await signUp(app, email)).status).toBe(201);

    const flood = Array.from({ length: 40 }, () =>
      sent(signUp(app, uniqueEmail(), undefined, '203.0.113.61')),
    );
    const signedIn = sent(signIn(app, email, PASSWORD));
    const statuses = (await Promise.all(flood)).map((res) => res.status);

    expect((await signedIn).status).toBe(200);
    expect(statuses.filter((status) => status !== 201 && status !== 429)).toEqual([]);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(20);
  });
});
