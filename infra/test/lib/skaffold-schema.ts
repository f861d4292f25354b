import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { SKAFFOLD_SCHEMA } from '@ticketing/tools';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/**
 * skaffold.yaml checked against skaffold's official JSON Schema, since skaffold itself cannot run here. The schema
 * is not in the repository: the suite's global setup finds or fetches it, checks its pinned hash and names it in
 * SKAFFOLD_SCHEMA (tools/src/skaffold-schema.ts); a missing one fails loudly rather than skipping the check.
 */
/** Keywords of skaffold's schema that are annotations for editors, not validation. */
const ANNOTATIONS = ['preferredOrder', 'x-intellij-html-description'];

const compiled = new Map<string, ValidateFunction>();

function validatorFor(apiVersion: string): ValidateFunction {
  const file = process.env[SKAFFOLD_SCHEMA.variable];
  if (apiVersion !== SKAFFOLD_SCHEMA.apiVersion)
    throw new Error(`no schema for ${apiVersion} is pinned, only for ${SKAFFOLD_SCHEMA.apiVersion}`);
  if (!file) throw new Error(`${SKAFFOLD_SCHEMA.variable} is not set: infra's jest global setup sets it`);
  const cached = compiled.get(file);
  if (cached) return cached;
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
