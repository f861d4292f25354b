import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const RESULTS_DIR = resolve(__dirname, '..', '..', 'results');

/** Prints an aligned text table under a title. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)));
  console.log(`\n${title}`);
  console.log(line(header).join('  '));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row).join('  '));
}

/** A warning that must not be missed in the output (e.g. a broken concurrency rule). */
export function shout(message: string): void {
  const bar = '!'.repeat(Math.min(100, message.length + 8));
  console.log(`\n${bar}\n!!! ${message} !!!\n${bar}`);
}

/** What the numbers were measured on; the same machine gives comparable numbers, another one does not. */
export function machine(): Record<string, unknown> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
  };
}

/** Writes bench/results/<name>.json: when and where it ran, plus the benchmark's own numbers. */
export function writeResult(name: string, data: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const document = { benchmark: name, finishedAt: new Date().toISOString(), machine: machine(), ...data };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`(written to ${file})`);
  return file;
}
