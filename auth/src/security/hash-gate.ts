import { ServiceUnavailableError, counter } from '@ticketing/common';

/** Who wants a password hashed: a sign-in checks one, a sign-up makes one. */
export type HashPurpose = 'signin' | 'signup';

export interface HashGateLimits {
  /**
   * Hashes running at once in this process. scrypt runs on libuv's thread pool (4 threads unless
   * UV_THREADPOOL_SIZE says otherwise), which file and DNS work share: one thread is left to them.
   */
  concurrency: number;
  /** Of those, how many sign-ups may hold at once: the rest are kept for sign-ins. */
  signUpConcurrency: number;
  /** How many may wait for a slot, per purpose; one more is refused with 503 at once. */
  queue: Record<HashPurpose, number>;
}

export const DEFAULT_HASH_GATE_LIMITS: HashGateLimits = {
  concurrency: 3,
  signUpConcurrency: 2,
  // A sign-in waits for at most ~128 / 3 hashes (a few seconds); a sign-up for at most ~32 / 2.
  queue: { signin: 128, signup: 32 },
};

const refusals = counter(
  'password_hash_refusals_total',
  'Sign-ins and sign-ups refused (503) because too many password hashes were running and waiting, by purpose',
  ['purpose'],
);

/**
 * Bounds the password hashes of this process: at most `concurrency` run, sign-ups never take the slots kept
 * for sign-ins, a short queue waits, and beyond it the request gets 503 with Retry-After. So a flood of
 * sign-ups costs bounded memory (32 MiB a hash) and thread-pool time, and sign-ins keep answering. A freed slot
 * goes to a waiting sign-in first.
 */
export class HashGate {
  private readonly running: Record<HashPurpose, number> = { signin: 0, signup: 0 };
  private readonly waiting: Record<HashPurpose, (() => void)[]> = { signin: [], signup: [] };

  constructor(private readonly limits: HashGateLimits = DEFAULT_HASH_GATE_LIMITS) {
    if (!(limits.signUpConcurrency >= 1 && limits.signUpConcurrency < limits.concurrency)) {
      throw new Error(
        'HashGate: sign-ups need at least one slot, and sign-ins one that sign-ups cannot take',
      );
    }
  }

  async run<T>(purpose: HashPurpose, hash: () => Promise<T>): Promise<T> {
    if (this.canStart(purpose)) {
      this.running[purpose] += 1;
    } else if (this.waiting[purpose].length < this.limits.queue[purpose]) {
      // The slot is counted for this caller by release() before it resolves the wait.
      await new Promise<void>((resolve) => this.waiting[purpose].push(resolve));
    } else {
      refusals.inc({ purpose });
      throw new ServiceUnavailableError('Too many password checks at once; please try again', 1);
    }
    try {
      return await hash();
    } finally {
      this.release(purpose);
    }
  }

  /** Hashes running and waiting, by purpose. */
  load(): Record<HashPurpose, { running: number; waiting: number }> {
    return {
      signin: { running: this.running.signin, waiting: this.waiting.signin.length },
      signup: { running: this.running.signup, waiting: this.waiting.signup.length },
    };
  }

  private canStart(purpose: HashPurpose): boolean {
    if (this.running.signin + this.running.signup >= this.limits.concurrency) return false;
    return purpose === 'signin' || this.running.signup < this.limits.signUpConcurrency;
  }

  private release(purpose: HashPurpose): void {
    this.running[purpose] -= 1;
    for (const next of ['signin', 'signup'] as const) {
      const wake = this.waiting[next][0];
      if (wake && this.canStart(next)) {
        this.waiting[next].shift();
        this.running[next] += 1;
        wake();
        return;
      }
    }
  }
}
