import type { Order, Ticket, User } from '@ticketing/common';

/** An answer that is not the JSON every API answer is, kept whole enough to say which hop answered. */
export class UnreadableAnswer extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly text: string,
  ) {
    super(`${status} ${contentType || 'no content type'}: ${JSON.stringify(text.slice(0, 160))}`);
  }
}

const SIGN_UP_ATTEMPTS = 30;

/**
 * A visitor of the platform: fetch through the gateway with the session cookie this visitor was given.
 * `timeoutMs` bounds each request (none by default).
 */
export class Visitor {
  private cookie = '';
  email = '';
  id = '';

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs?: number,
  ) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(this.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(this.timeoutMs) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await response.text();
    try {
      return {
        status: response.status,
        body: (text ? JSON.parse(text) : undefined) as T,
        headers: response.headers,
      };
    } catch {
      throw new UnreadableAnswer(response.status, response.headers.get('content-type') ?? '', text);
    }
  }

  /** The Cookie header it sends (`session=...` once signed in), e.g. to copy it into another visitor. */
  get cookieHeader(): string {
    return this.cookie;
  }

  /** Sends this Cookie header from now on, as a browser given a copied cookie would. */
  useCookie(cookie: string): this {
    this.cookie = cookie;
    return this;
  }

  /**
   * Signs up a new user. A 503 with Retry-After (auth hashes a bounded number of passwords at once, and a test
   * may sign up dozens of users in parallel) is waited out as a browser's user would try again, a few times.
   */
  async signUp(prefix = 'user'): Promise<this> {
    this.email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    for (let attempt = 1; ; attempt += 1) {
      const { status, body, headers } = await this.call<User>('POST', '/api/users/signup', {
        email: this.email,
        password: 'correct horse battery',
      });
      const retryAfter = Number(headers.get('retry-after'));
      if (status === 503 && retryAfter > 0 && attempt < SIGN_UP_ATTEMPTS) {
        await sleep(retryAfter * 1000 * (0.5 + Math.random()));
        continue;
      }
      if (status !== 201) throw new Error(`sign up failed: ${status} ${JSON.stringify(body)}`);
      this.id = body.id;
      return this;
    }
  }
}

/** The answers' shapes, from the API contract's schemas (common/src/api): the ones the services validate with. */
export type TicketJson = Ticket;
export type OrderJson = Order;

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls until check passes (returning its value) or the time is up, then throws the last failure. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}
