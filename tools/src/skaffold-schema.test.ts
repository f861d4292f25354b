import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { obtainSkaffoldSchema, SKAFFOLD_SCHEMA } from './skaffold-schema';

describe('obtainSkaffoldSchema', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skaffold-schema-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A repository with a wrong schema beside it and in the cache: only SKAFFOLD_SCHEMA may be looked at.
  const layout = () => {
    const repo = join(dir, 'project');
    const cacheDir = join(dir, 'cache');
    for (const folder of [repo, join(dir, 'shared', 'schemas'), cacheDir])
      mkdirSync(folder, { recursive: true });
    writeFileSync(join(dir, 'shared', 'schemas', SKAFFOLD_SCHEMA.fileName), '{}');
    writeFileSync(join(cacheDir, SKAFFOLD_SCHEMA.fileName), '{}');
    return { repo, cacheDir };
  };

  it('when SKAFFOLD_SCHEMA names a file of another content, then it is refused and nothing else is tried', async () => {
    const given = join(dir, 'edited.json');
    writeFileSync(given, '{"$schema": "http://json-schema.org/draft-07/schema#"}\n');
    const error = await obtainSkaffoldSchema({ ...layout(), env: { SKAFFOLD_SCHEMA: given } }).catch(
      (err: Error) => err,
    );
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe("skaffold's schema for skaffold/v4beta14 could not be found or fetched.");
    expect(lines[1]).toMatch(
      new RegExp(`^  SKAFFOLD_SCHEMA=${given}: refused, its git blob is [0-9a-f]{40}, not `),
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`download ${SKAFFOLD_SCHEMA.url}`);
  });

  it('when SKAFFOLD_SCHEMA names a missing file, then the error says so and what to provide', async () => {
    const given = join(dir, 'nowhere.json');
    const { cacheDir, repo } = layout();
    await expect(obtainSkaffoldSchema({ repo, cacheDir, env: { SKAFFOLD_SCHEMA: given } })).rejects.toThrow(
      `  SKAFFOLD_SCHEMA=${given}: not there\n` +
        `Provide it: download ${SKAFFOLD_SCHEMA.url} (git blob ${SKAFFOLD_SCHEMA.blob}) and set SKAFFOLD_SCHEMA ` +
        `to its path, or put it at ${join(cacheDir, SKAFFOLD_SCHEMA.fileName)}.`,
    );
  });
});
