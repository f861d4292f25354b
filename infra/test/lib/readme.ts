import { readFileSync } from 'node:fs';
import { repoPath } from './paths';

/**
 * The secrets infra/README.md documents: rows of its secrets table, "| `secret-name` | `KEY` | ...".
 * Manifests may only reference a secret and key listed there.
 */
export function documentedSecretKeys(): Set<string> {
  const text = readFileSync(repoPath('infra/README.md'), 'utf8');
  const rows = [...text.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|\s*`([A-Za-z0-9_.-]+)`\s*\|/gm)];
  return new Set(rows.map((m) => `${m[1]}/${m[2]}`));
}
