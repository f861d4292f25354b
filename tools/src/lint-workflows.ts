import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findBinary, obtainActionlint } from './binaries';

const ROOT = resolve(__dirname, '..', '..');
const WORKFLOWS = '.github/workflows';

/**
 * `node tools/dist/lint-workflows.js`: actionlint over every workflow, their `run:` scripts through shellcheck when
 * it is installed (actionlint skips that check otherwise; we say which). Exits non-zero on any finding.
 */
function main(): number {
  const files = readdirSync(join(ROOT, WORKFLOWS))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${WORKFLOWS}/${name}`);
  if (files.length === 0) throw new Error(`no workflows in ${WORKFLOWS}`);
  const actionlint = obtainActionlint();
  const shellcheck = findBinary('shellcheck');
  process.stderr.write(
    `[actionlint] ${files.length} workflows; run: scripts ${shellcheck ? `checked by ${shellcheck}` : 'not checked (no shellcheck installed)'}\n`,
  );
  const result = spawnSync(actionlint, [`-shellcheck=${shellcheck ?? ''}`, ...files], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`[actionlint] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
