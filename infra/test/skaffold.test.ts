import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { copyDestination, imageOf, imageStages, readDockerfile } from './lib/dockerfile';
import { APPS, type App, workloads } from './lib/objects';
import { repoPath } from './lib/paths';
import { skaffoldSchemaProblems } from './lib/skaffold-schema';
import { buildFolder } from './lib/variants';

interface Artifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string; buildArgs?: Record<string, string> };
  sync?: { manual?: { src: string; dest: string; strip?: string }[] };
}
interface Pipeline {
  build?: { local?: { push?: boolean }; artifacts?: Artifact[] };
  manifests?: { kustomize?: { paths?: string[] } };
  deploy?: { kubectl?: object };
}
interface SkaffoldConfig extends Pipeline {
  apiVersion: string;
  kind: string;
  profiles?: (Pipeline & { name: string; patches?: unknown })[];
}

const text = readFileSync(repoPath('skaffold.yaml'), 'utf8');
const config = parse(text) as SkaffoldConfig;
/** The effective pipeline of the default run and of each profile (a profile section replaces the default). */
const pipelines: [string, Pipeline][] = [
  ['default', config],
  ...(config.profiles ?? []).map((p): [string, Pipeline] => [
    p.name,
    {
      build: p.build ?? config.build,
      manifests: p.manifests ?? config.manifests,
      deploy: p.deploy ?? config.deploy,
    },
  ]),
];
const APP_IMAGES = APPS.map((a) => `ticketing/${a}`);
/** Images besides the applications', each built from its own Dockerfile: the local overlay's database. */
const OTHER_IMAGES: Record<string, string> = {
  'ticketing/mongo-stand-in': 'infra/docker/mongo-stand-in/Dockerfile',
};
/**
 * Images the local overlay runs that no skaffold profile builds: the dependencies scripts/cluster/images.sh
 * builds on the machine (infra/docker/local-deps), to be built before `skaffold run -p local`.
 */
const MACHINE_BUILT = new Set(['ticketing/nats-streaming', 'ticketing/nats', 'ticketing/redis']);
const imageName = (image: string) => image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
const appOf = (image: string): App | undefined => APPS.find((a) => `ticketing/${a}` === image);
const workspaces = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;

describe('skaffold.yaml', () => {
  it("when validated against skaffold's official schema for its apiVersion, then it has no error", () => {
    expect(config.apiVersion).toBe('skaffold/v4beta14');
    expect(skaffoldSchemaProblems(text)).toEqual([]);
  });

  it('when a field is misspelt or misplaced, then the schema check reports it', () => {
    const broken = text.replace(
      '        buildArgs:\n          SERVICE: auth',
      '        buildArg:\n          SERVICE: auth',
    );
    expect(broken).not.toBe(text);
    expect(skaffoldSchemaProblems(broken).join('\n')).toContain('buildArg');
    const misplaced = `${text}\nsync:\n  manual: []\n`;
    expect(skaffoldSchemaProblems(misplaced).join('\n')).toContain('sync');
  });

  it('when read, then it uses a current schema, deploys with kubectl and never patches by index', () => {
    expect(config.kind).toBe('Config');
    // v4beta13 (skaffold 2.15) or newer: the schema generation the docs call current.
    const version = /^skaffold\/v4beta(\d+)$/.exec(config.apiVersion);
    expect(Number(version?.[1])).toBeGreaterThanOrEqual(13);
    expect(config.deploy?.kubectl).toBeDefined();
    for (const profile of config.profiles ?? [])
      expect([profile.name, profile.patches]).toEqual([profile.name, undefined]);
    expect((config.profiles ?? []).map((p) => p.name)).toEqual(
      expect.arrayContaining(['jetstream', 'prod', 'prod-jetstream', 'local']),
    );
  });

  it.each(pipelines)(
    'when the %s pipeline builds, then it builds locally, one image per application from its Dockerfile',
    (_n, p) => {
      expect(p.build?.local?.push).toBe(false);
      const artifacts = p.build?.artifacts ?? [];
      const images = artifacts.map((a) => a.image);
      expect(new Set(images).size).toBe(images.length);
      expect(images.filter((image) => APP_IMAGES.includes(image)).sort()).toEqual([...APP_IMAGES].sort());
      for (const artifact of artifacts) {
        const app = appOf(artifact.image);
        // Applications: their Dockerfile with the build arguments it needs (SERVICE for the shared one).
        const expected = app
          ? { dockerfile: imageOf(app).dockerfile, buildArgs: imageOf(app).buildArgs }
          : { dockerfile: OTHER_IMAGES[artifact.image], buildArgs: {} };
        expect([
          artifact.image,
          artifact.context,
          artifact.docker?.dockerfile,
          artifact.docker?.buildArgs ?? {},
        ]).toEqual([artifact.image, '.', expected.dockerfile, expected.buildArgs]);
        expect(existsSync(repoPath(artifact.docker?.dockerfile ?? ''))).toBe(true);
      }
    },
  );

  it.each(pipelines)(
    'when the %s pipeline passes SERVICE, then it names a workspace of the repository with its own package',
    (_n, p) => {
      for (const artifact of p.build?.artifacts ?? []) {
        const service = artifact.docker?.buildArgs?.SERVICE;
        if (service === undefined) continue;
        expect([artifact.image, workspaces.includes(service)]).toEqual([artifact.image, true]);
        const manifest = JSON.parse(readFileSync(repoPath(service, 'package.json'), 'utf8')) as {
          name: string;
        };
        expect([artifact.image, manifest.name]).toEqual([artifact.image, `@ticketing/${service}`]);
      }
    },
  );

  it.each(pipelines)(
    'when the %s pipeline deploys, then each of its images is used and each used image built',
    (_n, p) => {
      const paths = p.manifests?.kustomize?.paths ?? [];
      expect(paths.length).toBeGreaterThan(0);
      const used = new Set(
        paths.flatMap((dir) => {
          expect(existsSync(path.join(repoPath(dir), 'kustomization.yaml'))).toBe(true);
          return workloads(buildFolder(repoPath(dir))).flatMap((w) =>
            w.containers.map((c) => imageName(c.image ?? '')),
          );
        }),
      );
      const built = new Set((p.build?.artifacts ?? []).map((a) => a.image));
      expect([...built].filter((image) => !used.has(image))).toEqual([]);
      const unbuilt = [...used].filter((image) => image.startsWith('ticketing/') && !built.has(image));
      expect(unbuilt.filter((image) => !MACHINE_BUILT.has(image))).toEqual([]);
    },
  );

  it('when the dev loop runs, then images build the dev target and sync sources to where the Dockerfile put them', () => {
    for (const artifact of config.build?.artifacts ?? []) {
      const target = artifact.docker?.target;
      expect([artifact.image, target]).toEqual([artifact.image, 'dev']);
      const app = appOf(artifact.image);
      const stages = app
        ? imageStages(app)
        : readDockerfile(artifact.docker?.dockerfile ?? '', artifact.docker?.buildArgs);
      const rules = artifact.sync?.manual ?? [];
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        // The first folder of the glob is copied whole into the image; the synced file must land inside it.
        const folder = rule.src.split('/')[0] ?? '';
        expect(existsSync(repoPath(folder))).toBe(true);
        const copied = copyDestination(stages, 'dev', `${folder}/`);
        const landing = path.posix.join(rule.dest, folder);
        expect([rule.src, rule.strip, `${landing}/`]).toEqual([
          rule.src,
          undefined,
          copied?.replace(/\/?$/, '/'),
        ]);
      }
    }
  });

  it('when the production and local profiles build, then they take the final Dockerfile stage and sync nothing', () => {
    const immutable = pipelines.filter(([n]) => n.startsWith('prod') || n === 'local');
    expect(immutable.map(([n]) => n).sort()).toEqual(['local', 'prod', 'prod-jetstream']);
    for (const [name, p] of immutable) {
      for (const artifact of p.build?.artifacts ?? []) {
        expect([name, artifact.image, artifact.docker?.target, artifact.sync]).toEqual([
          name,
          artifact.image,
          undefined,
          undefined,
        ]);
      }
    }
  });

  it('when the local profile deploys, then it renders overlays/local and builds the database stand-in', () => {
    const local = pipelines.find(([n]) => n === 'local')?.[1];
    expect(local?.manifests?.kustomize?.paths).toEqual(['infra/k8s/overlays/local']);
    expect((local?.build?.artifacts ?? []).map((a) => a.image)).toContain('ticketing/mongo-stand-in');
  });
});
