import type { SessionSigningKey } from '@ticketing/common';
import { fakeUser, sessionCookieFor } from '@ticketing/common/testing';

export interface Answer<T> {
  status: number;
  body: T;
  /** Milliseconds from sending the request to having read the whole answer. */
  ms: number;
  /** Why there is no answer (status 0): the network error's code, e.g. ECONNRESET. */
  error?: string;
}

/**
 * A signed-in user whose session cookie is minted with the platform's session signing key, as auth would have issued it:
 * benchmarks of ordering need thousands of buyers, and signing each up would only measure scrypt.
 */
export class Session {
  readonly user = fakeUser();
  private readonly cookie: string;

  constructor(
    private readonly baseUrl: string,
    signer: SessionSigningKey,
  ) {
    this.cookie = sessionCookieFor(this.user, signer);
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return timedFetch<T>(`${this.baseUrl}${path}`, method, body, this.cookie);
  }
}

/** One request, timed; a network error (e.g. a reset connection) is status 0 rather than an exception. */
export async function timedFetch<T = unknown>(
  url: string,
  method = 'GET',
  body?: unknown,
  cookie?: string,
): Promise<Answer<T>> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: parseBody<T>(text), ms: performance.now() - started };
  } catch (err) {
    return { status: 0, body: undefined as T, ms: performance.now() - started, error: errorCode(err) };
  }
}

function parseBody<T>(text: string): T {
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    // Kept as text: a table of statuses is still more useful than a crash.
    return text as T;
  }
}

/** fetch hides the network error's code in its cause. */
function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.name : 'unknown';
}
