import { sleep, type Visitor } from '../../src/support/api';
import { ANSWER_TIMEOUT_MS, UnreadableAnswer } from './visitor';

/**
 * How a caller treats an answer it could not use (a 5xx, or no answer at all: connection refused or reset):
 * `strict` counts it as a failed request at once; `retry` sends the request again (counting the retry) until it
 * gets a real answer, which is what a user does while the one replica of a service is being replaced.
 */
export type Policy = 'strict' | 'retry';

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
  /** An earlier attempt of this request went unanswered, so it may have taken effect. */
  retried: boolean;
}

const SLOW_MS = 10_000;

const since = (start: number, at = Date.now()) => `+${((at - start) / 1000).toFixed(1)}s`;

function describeError(err: unknown): string {
  if (err instanceof UnreadableAnswer) return `an answer that is not JSON: ${err.message}`;
  const error = err as Error & { cause?: { code?: string; message?: string } };
  return `no answer (${error.cause?.code ?? error.cause?.message ?? error.message})`;
}

/** What a run of traffic saw: the requests answered, the retries and every failed or unexpected answer. */
export class Tally {
  readonly start = Date.now();
  readonly failures: string[] = [];
  answered = 0;
  retries = 0;
  readonly retriedRequests: string[] = [];
  /** What the test did when (a pod deleted, a rollout issued), on the same clock as the failures. */
  readonly notes: string[] = [];
  /** Requests answered (or given up on) only after SLOW_MS: a hop that held them says so. */
  readonly slow: string[] = [];

  fail(what: string): void {
    this.failures.push(`${since(this.start)} ${what}`);
  }

  note(what: string, at = Date.now()): void {
    this.notes.push(`${since(this.start, at)} ${what}`);
  }

  summary(): string {
    return `${this.answered} requests answered, ${this.retries} retries, ${this.failures.length} failures`;
  }
}

/** A visitor's requests under a policy, counted in a tally. */
export class Caller {
  constructor(
    readonly visitor: Visitor,
    private readonly baseUrl: string,
    private readonly tally: Tally,
    private readonly policy: Policy,
    private readonly patienceMs = 180_000,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<Answer<T> | undefined> {
    const deadline = Date.now() + this.patienceMs;
    let retried = false;
    for (;;) {
      let problem: string;
      const sent = Date.now();
      try {
        const answer = await this.visitor
          .call<T>(method, path, body)
          .finally(() => this.timeTaken(sent, method, path));
        if (answer.status < 500) {
          this.tally.answered += 1;
          return { ...answer, retried };
        }
        problem = `${answer.status} ${JSON.stringify(answer.body)}`;
      } catch (err) {
        problem = describeError(err);
      }
      if (this.policy === 'strict' || Date.now() > deadline) {
        this.tally.fail(`${method} ${path}: ${problem}`);
        return undefined;
      }
      this.tally.retries += 1;
      if (!retried)
        this.tally.retriedRequests.push(`${since(this.tally.start)} ${method} ${path}: ${problem}`);
      retried = true;
      await sleep(250);
    }
  }

  private timeTaken(sent: number, method: string, path: string): void {
    const took = Date.now() - sent;
    if (took > SLOW_MS) this.tally.slow.push(`${since(this.tally.start)} ${method} ${path} took ${took} ms`);
  }

  /** A page of the client, server-rendered, as an anonymous reader gets it; undefined once counted as failed. */
  async page(path: string): Promise<{ status: number; html: string } | undefined> {
    const deadline = Date.now() + this.patienceMs;
    for (;;) {
      let problem: string;
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
        });
        const html = await response.text();
        if (response.status < 500) {
          this.tally.answered += 1;
          return { status: response.status, html };
        }
        problem = `${response.status}`;
      } catch (err) {
        problem = describeError(err);
      }
      if (this.policy === 'strict' || Date.now() > deadline) {
        this.tally.fail(`GET ${path} (client page): ${problem}`);
        return undefined;
      }
      this.tally.retries += 1;
      await sleep(250);
    }
  }
}

/** The message of an error answer (`{"errors":[{"message"}]}`). */
export const errorMessage = (body: unknown): string | undefined =>
  (body as { errors?: { message?: string }[] } | undefined)?.errors?.[0]?.message;
