import { createHmac, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { REVOKED_SESSIONS_REFRESH_MS, signSessionToken } from '@ticketing/common';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { eventually, sleep, Visitor } from './support/api';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 JWT, as sessions were before auth alone could sign them. */
function hs256(claims: object, secret: string, keyId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT', kid: keyId })}.${base64url({ ...claims, iat: now, exp: now + 60 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const cookieWithToken = (token: string) =>
  `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;

/** What each API service answers a visitor on a route that needs a session: 401 when it sees none. */
async function answers(visitor: Visitor) {
  const me = await visitor.call<{ currentUser: unknown }>('GET', '/api/users/currentuser');
  const tickets = await visitor.call('POST', '/api/tickets', { title: 'Sessions', price: 10 });
  const orders = await visitor.call('GET', '/api/orders');
  // A valid session gets past authentication to validation: 400 for the empty body.
  const payments = await visitor.call('POST', '/api/payments', {});
  return {
    currentUser: me.body.currentUser,
    tickets: tickets.status,
    orders: orders.status,
    payments: payments.status,
  };
}

const SIGNED_OUT = { currentUser: null, tickets: 401, orders: 401, payments: 401 };

describe.each(['stan', 'jetstream'] as const)('sessions on the real platform (%s)', (transport) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // Each service reaches the bus through a proxy of its own, so that one test can cut auth's alone.
    platform = await startTestPlatform(transport, { faultProxies: true });
  });
  afterAll(() => platform.stop());

  it('when auth signs a session, then every service accepts it', async () => {
    const user = await platform.visitor().signUp('session');
    expect(await answers(user)).toEqual({
      currentUser: { id: user.id, email: user.email },
      tickets: 201,
      orders: 200,
      payments: 400,
    });
  });

  it("when a session is forged without auth's private key, then every service refuses it", async () => {
    const victim = await platform.visitor().signUp('victim');
    const claims = { id: victim.id, email: victim.email };
    const keyId = platform.sessionKeys.JWT_KEY_ID;
    const forgeries = {
      // The old scheme: HMAC with a shared secret (here the public key text every service holds).
      hs256: hs256(
        claims,
        (JSON.parse(platform.sessionKeys.JWT_PUBLIC_KEYS) as Record<string, string>)[keyId]!,
        keyId,
      ),
      otherKey: signSessionToken(claims, {
        keyId,
        privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      }),
      unknownKeyId: signSessionToken(claims, {
        keyId: 'not-listed',
        privateKey: createPrivateKey(platform.sessionKeys.JWT_PRIVATE_KEY),
      }),
    };
    for (const [forgery, token] of Object.entries(forgeries)) {
      const attacker = platform.visitor().useCookie(cookieWithToken(token));
      expect([forgery, await answers(attacker)]).toEqual([forgery, SIGNED_OUT]);
    }
  });

  it('when a user signs out, then a copy of that cookie is refused by every service, and another session of the user works', async () => {
    const user = await platform.visitor().signUp('signout');
    const copied = platform.visitor().useCookie(user.cookieHeader);
    const elsewhere = platform.visitor();
    const signIn = await elsewhere.call('POST', '/api/users/signin', {
      email: user.email,
      password: 'correct horse battery',
    });
    expect(signIn.status).toBe(200);
    const signedIn = {
      currentUser: { id: user.id, email: user.email },
      tickets: 201,
      orders: 200,
      payments: 400,
    };
    expect(await answers(copied)).toEqual(signedIn);

    expect((await user.call('POST', '/api/users/signout')).status).toBe(200);
    // Each service learns it from the bus and reloads its deny-list every 2 s.
    await eventually(async () => {
      expect(await answers(copied)).toEqual(SIGNED_OUT);
    }, 15_000);
    expect(await answers(elsewhere)).toEqual(signedIn);
  });

  it("when auth's connection to the bus is cut while a user signs out, then the sign-out waits in auth's outbox and every service refuses the copy once the bus is back", async () => {
    const user = await platform.visitor().signUp('cut');
    const copied = platform.visitor().useCookie(user.cookieHeader);
    const faults = platform.faults!;
    const [authBus] = faults.proxiesOf('nats', ['auth']);
    const database = await MongoClient.connect(`${platform.env.MONGO_URI}/auth`);
    const pending = async () =>
      (await database.db().collection<{ pendingEvents: unknown[] }>('signouts').find().toArray()).flatMap(
        (signOut) => signOut.pendingEvents,
      );
    try {
      await faults.toxiproxy.setEnabled(authBus!, false);
      try {
        expect((await user.call('POST', '/api/users/signout')).status).toBe(200);
        // Two of the services' reloads later, nothing has gone out: the event waits, the copy still works.
        await sleep(2 * REVOKED_SESSIONS_REFRESH_MS);
        expect(await pending()).toHaveLength(1);
        expect((await answers(copied)).tickets).toBe(201);
      } finally {
        await faults.toxiproxy.setEnabled(authBus!, true);
      }
      await eventually(async () => {
        expect(await answers(copied)).toEqual(SIGNED_OUT);
      }, 30_000);
      expect(await pending()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
