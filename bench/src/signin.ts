import {
  hashPassword,
  SCRYPT_BLOCK_SIZE,
  SCRYPT_COST,
  SCRYPT_PARALLELISM,
} from '../../auth/src/security/password';
import type { Visitor } from '../../e2e/src/support/api';
import { withPlatform } from './lib/bench-platform';
import { cpuDuring, settle } from './lib/cpu';
import { timedFetch } from './lib/http';
import { load, type LoadResult } from './lib/load';
import { printTable, writeResult } from './lib/report';
import { fmt, summarize } from './lib/stats';

const USERS = 16;
const LEVELS = [1, 4, 16, 64];
const SECONDS = 8;
/** The password e2e's Visitor signs up with. */
const PASSWORD = 'correct horse battery';
const TIMING_RUNS = 10;

/**
 * Sign-in: what scrypt (N=2^15, r=8) costs on this machine. The hash alone in this process; sign-ins/s and
 * latency through the gateway at 1, 4, 16 and 64 concurrent sign-ins (16 accounts in turn); and whether a
 * wrong password and an unknown email take as long as a right one (they must: no account enumeration).
 */
export async function signin(): Promise<void> {
  const hashMs: number[] = [];
  for (let i = 0; i < TIMING_RUNS; i += 1) {
    const started = performance.now();
    await hashPassword(PASSWORD);
    hashMs.push(performance.now() - started);
  }
  await withPlatform({ eventBus: 'stan' }, async (bench) => {
    const signUpStarted = performance.now();
    const users: Visitor[] = await Promise.all(
      Array.from({ length: USERS }, () => bench.visitor().signUp('bench')),
    );
    const signUpMs = performance.now() - signUpStarted;
    const bodies = users.map((user) => JSON.stringify({ email: user.email, password: PASSWORD }));
    const pids = bench.pids();
    const levels: (LoadResult & { authCores: number })[] = [];
    for (const connections of LEVELS) {
      await settle(pids);
      const { result, cores } = await cpuDuring(pids, () =>
        load({
          url: bench.url,
          paths: ['/api/users/signin'],
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          bodies,
          connections,
          durationSeconds: SECONDS,
        }),
      );
      levels.push({ ...result, authCores: cores.auth ?? NaN });
    }
    // Requests autocannon left queued at auth are still being hashed: let them drain first.
    await settle(pids);
    // Failures last: each one counts against the address's limit (100 in 15 min), which a burst above would fill.
    const signIn = (email: string, password: string) =>
      timedFetch(`${bench.url}/api/users/signin`, 'POST', { email, password });
    const right: number[] = [];
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < TIMING_RUNS; i += 1) {
      const user = users[i % users.length]!;
      right.push((await signIn(user.email, PASSWORD)).ms);
      wrong.push((await signIn(user.email, 'not the password')).ms);
      unknown.push((await signIn(`nobody-${i}@example.com`, PASSWORD)).ms);
    }

    printTable(
      `Sign-in through the gateway, scrypt N=${SCRYPT_COST} r=${SCRYPT_BLOCK_SIZE} p=${SCRYPT_PARALLELISM}, ` +
        `${SECONDS} s a level (latency in ms; one hash alone: p50 ${fmt(summarize(hashMs).p50)} ms)`,
      ['concurrent', 'sign-ins/s', 'p50', 'p99', 'max', 'non-2xx', 'auth CPU (cores)'],
      levels.map((level) => [
        level.connections,
        fmt(level.requestsPerSecond),
        fmt(level.latencyMs.p50),
        fmt(level.latencyMs.p99),
        fmt(level.latencyMs.max),
        level.non2xx,
        fmt(level.authCores),
      ]),
    );
    const timing = {
      right: summarize(right),
      wrongPassword: summarize(wrong),
      unknownEmail: summarize(unknown),
    };
    printTable(
      `One at a time, interleaved (ms): a failure must cost what a success costs`,
      ['sign-in', 'n', 'p50', 'max'],
      Object.entries(timing).map(([name, s]) => [name, s.n, fmt(s.p50), fmt(s.max)]),
    );
    console.log(`  ${USERS} sign-ups in parallel took ${fmt(signUpMs)} ms`);
    writeResult('signin', {
      scrypt: { N: SCRYPT_COST, r: SCRYPT_BLOCK_SIZE, p: SCRYPT_PARALLELISM },
      hashAloneMs: summarize(hashMs),
      parallelSignUps: { users: USERS, ms: signUpMs },
      durationSeconds: SECONDS,
      levels,
      timingMs: timing,
    });
  });
}
