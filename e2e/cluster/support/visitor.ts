import { Visitor } from '../../src/support/api';

/**
 * How long one request may go unanswered. A connection the Service's address routed to a pod that has just died
 * hangs (its SYNs go to an address that no longer exists) for a minute or more: past this it is taken as lost.
 */
export const ANSWER_TIMEOUT_MS = 20_000;

/** An answer that is not the JSON every API answer is, kept whole enough to say what answered. */
export class UnreadableAnswer extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly text: string,
  ) {
    super(`${status} ${contentType || 'no content type'}: ${JSON.stringify(text.slice(0, 160))}`);
  }
}

/**
 * The e2e Visitor (same sign-up and cookie handling) whose `call` says what an unreadable answer was (status,
 * type, text) instead of only failing to parse it: under faults, that is what tells which hop answered.
 */
export class ClusterVisitor extends Visitor {
  private session = '';

  constructor(private readonly origin: string) {
    super(origin);
  }

  override async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.session ? { cookie: this.session } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.session = setCookie.split(';')[0] ?? '';
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
}
