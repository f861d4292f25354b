// Times sign-ins with the real scrypt parameters against the database in MONGO_URI. Run from the repo root:
//   LOG_LEVEL=silent SWC_NODE_PROJECT=auth/tsconfig.json scripts/with-deps.sh node -r @swc-node/register auth/bench/signin-latency.ts
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { startTestDatabase } from '@ticketing/common/testing';
import { buildApp } from '../src/app';
import { SCRYPT_BLOCK_SIZE, SCRYPT_COST, SCRYPT_PARALLELISM, hashPassword } from '../src/security/password';

const RUNS = 20;
const PASSWORD = 'correct horse battery';

function summary(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  const mean = (samples.reduce((sum, ms) => sum + ms, 0) / samples.length).toFixed(1);
  console.log(
    `${label.padEnd(32)} n=${samples.length} mean=${mean} p50=${at(0.5)} p95=${at(0.95)} max=${at(1)} ms`,
  );
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function series(fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(await timed(() => fn(i)));
  return samples;
}

async function main(): Promise<void> {
  const database = await startTestDatabase();
  // Limits out of the way: this measures hashing, not the throttle.
  const app = buildApp({
    jwtKey: randomBytes(32).toString('hex'),
    signInLimits: { accountFailures: 1e6, ipFailures: 1e6 },
  });
  const email = 'bench@example.com';
  await request(app).post('/api/users/signup').send({ email, password: PASSWORD }).expect(201);
  const signIn = (who: string, password: string, status: number) =>
    request(app).post('/api/users/signin').send({ email: who, password }).expect(status);

  console.log(
    `scrypt N=${SCRYPT_COST} r=${SCRYPT_BLOCK_SIZE} p=${SCRYPT_PARALLELISM}, node ${process.version}`,
  );
  summary('hashPassword alone', await series(() => hashPassword(PASSWORD)));
  summary('sign-in, right password', await series(() => signIn(email, PASSWORD, 200)));
  // Interleaved, so a change in machine load affects both alike.
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    wrong.push(await timed(() => signIn(email, 'wrong password', 400)));
    unknown.push(await timed(() => signIn(`nobody-${i}@example.com`, 'wrong password', 400)));
  }
  summary('sign-in, wrong password', wrong);
  summary('sign-in, unknown email', unknown);
  const burst = await timed(() =>
    Promise.all(Array.from({ length: RUNS }, () => signIn(email, PASSWORD, 200))),
  );
  console.log(`${RUNS} parallel right sign-ins`.padEnd(32), `total=${burst.toFixed(1)} ms`);

  await database.stop();
  await mongoose.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
