import { existsSync, readFileSync } from 'node:fs';
import { contextSources, lastOf, readDockerfile, stageChain, type Stage } from './lib/dockerfile';
import { APPS } from './lib/objects';
import { repoPath } from './lib/paths';

const SERVICES = APPS.filter((a) => a !== 'client');
const files = APPS.map((app) => [app, readDockerfile(`${app}/Dockerfile`)] as const);
const runs = (stages: Stage[], stage: string): string[] =>
  stageChain(stages, stage)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args);

describe('Dockerfiles', () => {
  it('when every image is built, then all start from the same Node base pinned to an exact release', () => {
    const bases = new Set(
      files.flatMap(([, stages]) => stages.map((s) => s.from).filter((f) => f.includes(':'))),
    );
    expect(bases.size).toBe(1);
    const [base] = [...bases];
    const version = /^node:(\d+)\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/.exec(base ?? '');
    expect(Number(version?.[1])).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('when the %s image runs, then node is PID 1 as the non-root node user', (app, stages) => {
    const last = stages.at(-1);
    expect(last?.name).toBe('production');
    expect(lastOf(stages, 'production', 'USER')).toBe('node');
    expect(
      stageChain(stages, 'production')
        .flatMap((s) => s.instructions)
        .some((i) => i.keyword === 'ENTRYPOINT'),
    ).toBe(false);
    const command = JSON.parse(lastOf(stages, 'production', 'CMD') ?? 'null') as string[];
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe(app === 'client' ? 'client/server.js' : `${app}/dist/index.js`);
  });

  it.each(files)(
    'when the %s image is built for the dev loop, then a dev stage runs as node too',
    (_app, stages) => {
      expect(stages.some((s) => s.name === 'dev')).toBe(true);
      expect(lastOf(stages, 'dev', 'USER')).toBe('node');
      expect((JSON.parse(lastOf(stages, 'dev', 'CMD') ?? 'null') as string[])[0]).toBe('node');
    },
  );

  it.each(SERVICES.map((s) => [s, readDockerfile(`${s}/Dockerfile`)] as const))(
    'when the %s image is built, then it installs its workspace and compiles it, and ships production deps only',
    (svc, stages) => {
      const production = stageChain(stages, 'production').flatMap((s) => s.instructions);
      const sources = production
        .filter((i) => i.keyword === 'COPY' && i.args.includes('--from='))
        .map((i) => /--from=(\S+)/.exec(i.args)?.[1]);
      const depsStage = sources.find((s) => s !== 'build') ?? '';
      const install = runs(stages, depsStage).join('\n');
      expect(install).toMatch(new RegExp(`npm ci --omit=dev --workspace common --workspace ${svc}\\b`));
      expect(runs(stages, 'build').join('\n')).toMatch(new RegExp(`tsc -b ${svc}$`, 'm'));
      expect(runs(stages, 'build').join('\n')).toMatch(
        new RegExp(`npm ci --workspace common --workspace ${svc}\\b`),
      );
    },
  );

  it.each(files)(
    'when the %s image copies from the build context, then every source exists',
    (_app, stages) => {
      const missing = contextSources(stages).filter((source) => !existsSync(repoPath(source)));
      expect(missing).toEqual([]);
    },
  );

  it('when the build context is sent, then host build output, dependencies and run data are ignored', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const pattern of [
      'node_modules',
      '**/node_modules',
      '**/dist',
      '**/.next',
      '.git',
      '.run',
      'bench/results',
      'e2e/artifacts',
    ]) {
      expect(ignored).toContain(pattern);
    }
    const copied = files.flatMap(([, stages]) => contextSources(stages));
    expect(copied.filter((source) => ignored.includes(source.replace(/\/$/, '')))).toEqual([]);
  });
});
