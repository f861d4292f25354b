import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CLIENT_DOCKERFILE,
  commandOf,
  contextSources,
  envValues,
  globalArgs,
  imageStages,
  lastOf,
  parseDockerfile,
  readDockerfile,
  SERVICES_DOCKERFILE,
  stageChain,
  type Stage,
} from './lib/dockerfile';
import { APPS } from './lib/objects';
import { repoPath } from './lib/paths';

const SERVICES = APPS.filter((a) => a !== 'client');
const STAND_IN_DOCKERFILE = 'infra/docker/mongo-stand-in/Dockerfile';
const images = APPS.map((app) => [app, imageStages(app)] as const);
const runs = (stages: Stage[], stage: string): string[] =>
  stageChain(stages, stage)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args);
/** Stages that start from an image rather than from another stage of the same file. */
const external = (stages: Stage[]): Stage[] => stages.filter((s) => !stages.some((o) => o.name === s.from));
const ignoredByDocker = (): string[] =>
  readFileSync(repoPath('.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

describe('Dockerfiles', () => {
  it('when the five services are built, then they share one Dockerfile and none has its own', () => {
    expect(existsSync(repoPath(SERVICES_DOCKERFILE))).toBe(true);
    expect(SERVICES.filter((svc) => existsSync(repoPath(svc, 'Dockerfile')))).toEqual([]);
  });

  it('when a Node image is built, then its base is the build argument NODE_IMAGE, whose default is one exact Node release', () => {
    const defaults = [SERVICES_DOCKERFILE, CLIENT_DOCKERFILE].map((file) => {
      const stages = readDockerfile(file, { SERVICE: 'auth' });
      expect([file, external(stages).map((s) => s.rawFrom)]).toEqual([
        file,
        external(stages).map(() => '${NODE_IMAGE}'),
      ]);
      return globalArgs(file).get('NODE_IMAGE');
    });
    expect(new Set(defaults).size).toBe(1);
    const version = /^node:(\d+)\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/.exec(defaults[0] ?? '');
    expect(Number(version?.[1])).toBeGreaterThanOrEqual(20);
  });

  it.each(APPS)(
    'when the %s image is built with another NODE_IMAGE, then every stage starts from it',
    (app) => {
      const stages = imageStages(app, { NODE_IMAGE: 'registry.example/node:20-local' });
      expect(external(stages).map((s) => s.from)).toEqual(
        external(stages).map(() => 'registry.example/node:20-local'),
      );
    },
  );

  it.each(images)('when the %s image runs, then node is PID 1 as the non-root node user', (app, stages) => {
    const last = stages.at(-1);
    expect(last?.name).toBe('production');
    expect(lastOf(stages, 'production', 'USER')).toBe('node');
    expect(
      stageChain(stages, 'production')
        .flatMap((s) => s.instructions)
        .some((i) => i.keyword === 'ENTRYPOINT'),
    ).toBe(false);
    // Exec form: nothing in it is expanded, so the script must be named literally, relative to the workdir.
    const { argv, workdir } = commandOf(stages, 'production');
    expect(argv[0]).toBe('node');
    expect(argv.join(' ')).not.toContain('$');
    const script = path.posix.resolve(workdir, argv.at(-1) ?? '');
    expect(script).toBe(app === 'client' ? '/app/client/server.js' : `/app/${app}/dist/index.js`);
  });

  it.each(images)(
    'when the %s image is built for the dev loop, then a dev stage runs as node too',
    (app, stages) => {
      expect(stages.some((s) => s.name === 'dev')).toBe(true);
      expect(lastOf(stages, 'dev', 'USER')).toBe('node');
      const { argv } = commandOf(stages, 'dev');
      expect(argv[0]).toBe('node');
      if (app !== 'client') {
        // dev-watch.js takes the service from its argument or SERVICE.
        expect(argv.slice(1)).toEqual(['infra/docker/dev-watch.js']);
        expect(envValues(stages, 'dev').get('SERVICE')).toBe(app);
      }
    },
  );

  it.each(SERVICES.map((s) => [s, imageStages(s)] as const))(
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

  it.each(SERVICES.map((s) => [s, imageStages(s)] as const))(
    'when the %s image is built, then it copies no other service from the build context',
    (svc, stages) => {
      const others = SERVICES.filter((o) => o !== svc);
      const copied = contextSources(stages).filter((source) =>
        others.includes(source.split('/')[0] as never),
      );
      expect(copied).toEqual([]);
    },
  );

  it.each(SERVICES)(
    'when the shared Dockerfile is built for %s, then every variable it uses is declared',
    (svc) => {
      const stages = imageStages(svc);
      expect(stages.flatMap((s) => s.undeclared.map((name) => `${s.name}: ${name}`))).toEqual([]);
    },
  );

  it('when a stage forgets to declare SERVICE, then the parser reports it', () => {
    const stages = parseDockerfile(
      'FROM node:20.0.0 AS base\nARG SERVICE\nFROM base AS x\nCOPY ${SERVICE}/ x/\n',
    );
    expect(stages.map((s) => s.undeclared)).toEqual([[], ['SERVICE']]);
  });

  it('when the shared Dockerfile is built, then every stage descends from the first, which checks SERVICE', () => {
    const stages = readDockerfile(SERVICES_DOCKERFILE);
    const roots = stages.map((stage) => stageChain(stages, stage.name)[0]?.name);
    expect(new Set(roots)).toEqual(new Set([stages[0]?.name]));
  });

  it.each([
    ...SERVICES.map((svc) => [svc, 0] as const),
    ['client', 1] as const,
    ['common', 1] as const,
    ['', 1] as const,
  ])(
    'when the shared Dockerfile is built with SERVICE=%p, then its first stage exits %d',
    (service, code) => {
      const [first] = readDockerfile(SERVICES_DOCKERFILE);
      const guard = first?.instructions.find((i) => i.keyword === 'RUN' && i.raw.includes('$SERVICE'));
      expect(guard).toBeDefined();
      const result = spawnSync('sh', ['-c', guard?.raw ?? 'exit 99'], {
        env: { PATH: process.env.PATH, SERVICE: service },
        encoding: 'utf8',
      });
      expect([result.status, code === 0 ? '' : result.stderr.includes('auth, tickets')]).toEqual([
        code,
        code === 0 ? '' : true,
      ]);
    },
  );

  it.each([...images, ['mongo-stand-in', readDockerfile(STAND_IN_DOCKERFILE)] as const])(
    'when the %s image copies from the build context, then every source exists',
    (_app, stages) => {
      const missing = contextSources(stages).filter((source) => !existsSync(repoPath(source)));
      expect(missing).toEqual([]);
    },
  );

  it('when the build context is sent, then host build output, dependencies and run data are ignored', () => {
    const ignored = ignoredByDocker();
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
    const copied = [
      ...images.flatMap(([, stages]) => contextSources(stages)),
      ...contextSources(readDockerfile(STAND_IN_DOCKERFILE)),
    ];
    expect(copied.filter((source) => ignored.includes(source.replace(/\/$/, '')))).toEqual([]);
  });
});

describe('the MongoDB stand-in image (overlays/local)', () => {
  const stages = readDockerfile(STAND_IN_DOCKERFILE);

  it('when it is built, then its bases are build arguments whose defaults are exact releases', () => {
    const args = globalArgs(STAND_IN_DOCKERFILE);
    expect(external(stages).map((s) => s.rawFrom)).toEqual(['${MAVEN_IMAGE}', '${JRE_IMAGE}']);
    expect(args.get('MAVEN_IMAGE')).toMatch(/^maven:\d+\.\d+\.\d+-eclipse-temurin-\d+$/);
    expect(args.get('JRE_IMAGE')).toMatch(/^eclipse-temurin:\d+\.\d+\.\d+_\d+-jre$/);
  });

  it('when it is built, then it compiles the launcher npm start uses against the jars its pom names', () => {
    expect(contextSources(stages).sort()).toEqual(
      ['tools/mongo-java-server/MongoStandIn.java', 'tools/mongo-java-server/pom.xml'].sort(),
    );
    const build = runs(stages, 'build').join('\n');
    expect(build).toContain('mvn -q -B dependency:copy-dependencies');
    expect(build).toContain('javac');
  });

  it('when it runs, then java is PID 1 as uid 999, serving every interface on 27017 with its data in /data/db', () => {
    expect(stages.at(-1)?.name).toBe('production');
    expect(lastOf(stages, 'production', 'USER')).toMatch(/^999(:999)?$/);
    expect(lastOf(stages, 'production', 'ENTRYPOINT')).toBeUndefined();
    const { argv } = commandOf(stages, 'production');
    expect(argv[0]).toBe('java');
    expect(argv.slice(-3, -1)).toEqual(['MongoStandIn', '27017']);
    expect(argv.at(-1)).toMatch(/^\/data\/db\/[^/]+$/);
    expect(envValues(stages, 'production').get('MONGO_STAND_IN_BIND')).toBe('0.0.0.0');
    // The launcher reads the address it was given; without it, it would listen on loopback only.
    expect(readFileSync(repoPath('tools/mongo-java-server/MongoStandIn.java'), 'utf8')).toContain(
      '"MONGO_STAND_IN_BIND"',
    );
  });
});
