/**
 * npm run bench [-- name ...]: runs the benchmarks (all, or the named ones) one after another, each on its
 * own freshly started platform. They print tables and write bench/results/<name>.json; nothing asserts on speed.
 */
import { browse } from './browse';
import { busThroughput } from './bus-throughput';
import { database } from './database';
import { expiration } from './expiration';
import { flashSale } from './flash-sale';
import { lifecycle } from './lifecycle';
import { pipeline } from './pipeline';
import { profile } from './profile';
import { reference } from './reference';
import { signin } from './signin';
import { machine } from './lib/report';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  bus: busThroughput,
  database,
  browse,
  'flash-sale': flashSale,
  pipeline,
  expiration,
  lifecycle,
  signin,
  profile,
  reference,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    process.exit(2);
  }
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);
  console.log(`Ticketing benchmarks on ${JSON.stringify(machine())}`);
  const started = Date.now();
  for (const name of names) {
    const begun = Date.now();
    console.log(`\n=== ${name} ===`);
    await BENCHMARKS[name]!();
    console.log(`=== ${name} done in ${((Date.now() - begun) / 1000).toFixed(0)} s ===`);
  }
  console.log(`\nAll done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
