import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO } from './paths';

/**
 * skaffold.yaml checked against skaffold's official JSON Schema, since skaffold itself cannot run here. The
 * schemas live outside the repository, in shared/schemas beside it (CI lays a copy of shared/ next to the
 * clone); a missing one fails loudly rather than skipping the check.
 */
export const SCHEMA_DIR = path.resolve(REPO, '..', 'shared', 'schemas');

/** Keywords of skaffold's schema that are annotations for editors, not validation. */
const ANNOTATIONS = ['preferredOrder', 'x-intellij-html-description'];

const compiled = new Map<string, ValidateFunction>();

function validatorFor(apiVersion: string): ValidateFunction {
  const file = path.join(SCHEMA_DIR, `skaffold-${apiVersion.replace(/^skaffold\//, '')}.json`);
  const cached = compiled.get(file);
  if (cached) return cached;
  if (!existsSync(file)) {
    throw new Error(
      `skaffold's schema for ${apiVersion} is missing: expected ${file} (shared/schemas beside the repository)`,
    );
  }
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
  // The default Ajv class implements draft-07, the draft skaffold's schemas declare.
  if (schema.$schema !== 'http://json-schema.org/draft-07/schema#')
    throw new Error(`${file}: expected a draft-07 schema, found ${String(schema.$schema)}`);
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(ANNOTATIONS);
  const validate = ajv.compile(schema);
  compiled.set(file, validate);
  return validate;
}

/**
 * One line per schema error. A skaffold artifact or build is an anyOf over its builder types, so one misplaced
 * field is reported once per branch: the lines are deduplicated.
 */
function describeError(error: ErrorObject): string {
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return `${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra ? ` (${extra})` : ''}`;
}

/** The schema errors of every document of a skaffold.yaml text (empty when valid). */
export function skaffoldSchemaProblems(text: string): string[] {
  const problems: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((e) => `YAML: ${e.message}`));
      continue;
    }
    const value = doc.toJS() as { apiVersion?: unknown } | null;
    const apiVersion = typeof value?.apiVersion === 'string' ? value.apiVersion : '';
    if (!apiVersion.startsWith('skaffold/')) {
      problems.push(`/: apiVersion ${JSON.stringify(value?.apiVersion)} is not a skaffold one`);
      continue;
    }
    const validate = validatorFor(apiVersion);
    if (!validate(value)) problems.push(...(validate.errors ?? []).map(describeError));
  }
  return [...new Set(problems)];
}
