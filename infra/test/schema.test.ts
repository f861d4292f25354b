import { SCHEMAS, schemaKey } from './lib/models';
import type { KObject } from './lib/objects';
import { unknownFieldProblems } from './lib/strict-fields';
import { allVariants, build } from './lib/variants';

const variants = allVariants();

describe('offline schema validation', () => {
  it.each(variants.map((v) => [v.name, v] as const))(
    'when %s is built, then every object is a kind with a schema and valid against it',
    (_name, variant) => {
      const problems: string[] = [];
      for (const object of build(variant)) {
        const schema = SCHEMAS[schemaKey(object)];
        if (!schema) {
          problems.push(`${schemaKey(object)} ${object.metadata.name}: no schema to validate it against`);
          continue;
        }
        try {
          schema.validate(object);
        } catch (err) {
          problems.push(`${object.kind}/${object.metadata.name}: ${(err as Error).message}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('when the objects of every combination are type-checked, then no field name is unknown to the API', () => {
    const unique = new Map<string, KObject>();
    for (const variant of variants) {
      for (const object of build(variant)) unique.set(JSON.stringify(object), object);
    }
    expect(unknownFieldProblems([...unique.values()])).toEqual([]);
  });

  it('when a manifest has a misspelt or misplaced field, then the strict check reports it', () => {
    const object: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'typo' },
      spec: {
        selector: { matchLabels: { app: 'typo' } },
        template: {
          metadata: { labels: { app: 'typo' } },
          spec: { containers: [{ name: 'typo', image: 'x:1.0.0', readinessProbe: { httpGett: {} } }] },
        },
      },
    };
    const problems = unknownFieldProblems([object]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Deployment/typo');
    expect(problems[0]).toContain('httpGett');
  });

  it('when an object breaks the OpenAPI schema, then its validator rejects it', () => {
    const schema = SCHEMAS['apps/v1/Deployment'];
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 'two' },
    };
    expect(() => schema?.validate(broken)).toThrow(/replicas/);
  });
});
