import { randomInt } from 'node:crypto';
import { PASSWORD, signIn, signUp, testApp, uniqueEmail } from '../test/users';

/** An address a client could write into X-Forwarded-For itself, different each time. */
const spoofed = () => `192.0.2.${randomInt(1, 255)}`;

// The test client plays the proxy nearest the service (the Ingress): X-Forwarded-For is what reaches auth.
describe('the client address behind proxies (TRUST_PROXY_HOPS)', () => {
  it('when one proxy is trusted, then addresses a client wrote itself are ignored and its limit holds', async () => {
    const app = testApp({ signUpLimits: { perAddress: 2 } });
    const client = '198.51.100.71';
    for (let i = 0; i < 2; i += 1) {
      expect((await signUp(app, uniqueEmail(), undefined, `${spoofed()}, ${client}`)).status).toBe(201);
    }
    expect((await signUp(app, uniqueEmail(), undefined, `${spoofed()}, ${client}`)).status).toBe(429);
  });

  it('when two hops are trusted, then clients behind one load balancer are told apart and cannot pick an address', async () => {
    const app = testApp({ trustProxyHops: 2, signUpLimits: { perAddress: 2 } });
    const balancer = '10.0.0.9';
    const first = '198.51.100.72';
    for (let i = 0; i < 2; i += 1) {
      expect((await signUp(app, uniqueEmail(), undefined, `${first}, ${balancer}`)).status).toBe(201);
    }
    const spoofing = await signUp(app, uniqueEmail(), undefined, `${spoofed()}, ${first}, ${balancer}`);
    expect(spoofing.status).toBe(429);
    expect((await signUp(app, uniqueEmail(), undefined, `198.51.100.73, ${balancer}`)).status).toBe(201);
  });

  it('when two hops are trusted, then one client failing sign-ins does not close sign-in for others behind the balancer', async () => {
    const app = testApp({ trustProxyHops: 2, signInLimits: { ipFailures: 3 } });
    const balancer = '10.0.0.9';
    const attacker = `198.51.100.74, ${balancer}`;
    for (let i = 0; i < 3; i += 1) {
      expect((await signIn(app, uniqueEmail(), 'wrong password', attacker)).status).toBe(400);
    }
    expect((await signIn(app, uniqueEmail(), 'wrong password', attacker)).status).toBe(429);

    const email = uniqueEmail();
    await signUp(app, email);
    expect((await signIn(app, email, PASSWORD, `198.51.100.75, ${balancer}`)).status).toBe(200);
  });

  it('when no proxy is trusted, then X-Forwarded-For is ignored and the connection is the address', async () => {
    const app = testApp({ trustProxyHops: 0, signUpLimits: { perAddress: 1 } });
    expect((await signUp(app, uniqueEmail(), undefined, '198.51.100.76')).status).toBe(201);
    expect((await signUp(app, uniqueEmail(), undefined, '198.51.100.77')).status).toBe(429);
  });
});
