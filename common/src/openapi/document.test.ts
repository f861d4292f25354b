import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allApiRoutes } from '../api/routes';
import { buildOpenApiDocument, openApiDocument, type OpenApiDocument } from './document';

interface Verdict {
  valid: boolean;
  version?: string;
  errors?: unknown;
}

// The validator is an ES module, which jest's CommonJS runtime cannot load, so it runs in its own node.
const VALIDATE = `
import { Validator } from '@seriousme/openapi-schema-validator';
const validator = new Validator();
const result = await validator.validate(process.argv[1]);
console.log(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));
`;

/** The verdict of @seriousme/openapi-schema-validator (the OpenAPI 3.1 JSON schemas, dialect included). */
function validate(document: unknown): Verdict {
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', VALIDATE, file], {
      cwd: path.join(__dirname, '../..'),
      encoding: 'utf8',
    });
    return JSON.parse(out) as Verdict;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Operation = { responses: Record<string, { headers?: Record<string, unknown> }>; security?: unknown };

function operations(doc: OpenApiDocument): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {}))
      found.set(`${method.toUpperCase()} ${p}`, op as Operation);
  }
  return found;
}

const statuses = (op: Operation | undefined) => Object.keys(op?.responses ?? {}).map(Number);

/** DESIGN.md section 3 and the answers the code really gives: every one must be in the document. */
const CONTRACT: Record<string, number[]> = {
  'POST /api/users/signup': [201, 400],
  'POST /api/users/signin': [200, 400, 429],
  'POST /api/users/signout': [200],
  'GET /api/users/currentuser': [200],
  'POST /api/tickets': [201, 400, 401, 413, 415],
  'GET /api/tickets': [200, 400, 401, 403],
  'GET /api/tickets/{id}': [200, 400, 404],
  'PUT /api/tickets/{id}': [200, 400, 401, 403, 404, 503],
  'POST /api/orders': [201, 400, 401, 404],
  'GET /api/orders': [200, 400, 401],
  'GET /api/orders/{id}': [200, 401, 403, 404],
  'DELETE /api/orders/{id}': [204, 400, 401, 403, 404, 503],
  'POST /api/payments': [201, 202, 400, 401, 402, 403, 404, 503],
  'POST /api/payments/webhook': [200, 400, 404],
  'GET /api/docs': [200],
  'GET /api/docs/openapi.json': [200],
};

describe('the OpenAPI document', () => {
  const doc = openApiDocument();

  it('when checked by an OpenAPI 3.1 schema validator, then it is a valid 3.1 document', () => {
    const verdict = validate(doc);
    expect(verdict.errors).toBeUndefined();
    expect(verdict).toMatchObject({ valid: true, version: '3.1' });
  });

  it('when a document breaks the specification, then the validator refuses it (it checks, not just parses)', () => {
    const broken = JSON.parse(JSON.stringify(doc)) as { paths: Record<string, Record<string, Operation>> };
    delete (broken.paths['/api/tickets']!.get!.responses['200'] as { description?: string }).description;
    expect(validate(broken).valid).toBe(false);
  });

  it('when built, then it has one operation per route of the table and every route and status of the contract', () => {
    const found = operations(doc);
    expect([...found.keys()].sort()).toEqual(Object.keys(CONTRACT).sort());
    expect(found.size).toBe(allApiRoutes.length);
    for (const [operation, expected] of Object.entries(CONTRACT)) {
      expect([operation, statuses(found.get(operation))]).toEqual([
        operation,
        expect.arrayContaining(expected),
      ]);
    }
  });

  it('when an operation needs a session, then the session cookie is its security and 401 is listed', () => {
    expect(doc.components?.securitySchemes?.session).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'session' }),
    );
    for (const route of allApiRoutes.filter((r) => r.auth === 'session')) {
      const op = operations(doc).get(
        `${route.method.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`,
      );
      expect([route.operationId, op?.security]).toEqual([route.operationId, [{ session: [] }]]);
      expect(statuses(op)).toContain(401);
    }
  });

  it('when an operation may answer 429 or 503, then Retry-After is documented with it; 500 is listed everywhere', () => {
    for (const [name, op] of operations(doc)) {
      for (const status of ['429', '503']) {
        const answer = op.responses[status];
        if (answer) expect([name, Object.keys(answer.headers ?? {})]).toEqual([name, ['Retry-After']]);
      }
      expect([name, statuses(op)]).toEqual([name, expect.arrayContaining([500])]);
    }
  });

  it('when an operation uses the database, then it lists 503 with Retry-After; the session-only and document ones do not', () => {
    const withoutDatabase = [
      'POST /api/users/signout',
      'GET /api/users/currentuser',
      'GET /api/docs',
      'GET /api/docs/openapi.json',
    ];
    for (const [name, op] of operations(doc)) {
      const listed = statuses(op).includes(503);
      expect([name, listed]).toEqual([name, !withoutDatabase.includes(name)]);
    }
  });

  // Found by schemathesis (positive_data_acceptance): `cursor=` was documented as valid and answered 400.
  it('when a list takes a cursor, then the document says it is never empty', () => {
    for (const path of ['/api/tickets', '/api/orders']) {
      const parameters = (doc.paths?.[path]?.get?.parameters ?? []) as { name: string; schema?: object }[];
      expect(parameters.find((p) => p.name === 'cursor')?.schema).toMatchObject({
        type: 'string',
        minLength: 1,
      });
    }
  });

  it('when built twice, then it is the same document (nothing depends on the moment or the process)', () => {
    expect(buildOpenApiDocument()).toEqual(doc);
  });
});
