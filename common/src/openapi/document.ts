import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { errorsSchema } from '../api/errors';
import { allApiRoutes, retryAfter, type ApiResponse, type ApiRoute } from '../api/routes';

export type OpenApiDocument = ReturnType<typeof createDocument>;

/** The security scheme's name: the session cookie every service verifies. */
export const SESSION_SCHEME = 'session';

/** `/api/tickets/:id` as OpenAPI writes it: `/api/tickets/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

/**
 * What `createApp` answers on any route of a kind, so that no route's entry can forget them: 401 behind a
 * session, 400 (malformed JSON), 413 and 415 where a body is read, 400 for a path that cannot be percent-decoded
 * and 404 for a malformed id where the path has one, 503 while the database is unreachable where the route reads
 * or writes it, and the logged 500.
 */
function appAnswers(route: ApiRoute): Map<number, string[]> {
  const answers = new Map<number, string[]>();
  const add = (status: number, reason: string) =>
    answers.set(status, [...(answers.get(status) ?? []), reason]);
  if (route.auth === 'session') add(401, 'Not signed in');
  if (route.request?.body) {
    add(400, 'Malformed JSON');
    add(413, 'Body too large (16 kB of JSON)');
    add(415, 'Unsupported Content-Encoding or charset');
  }
  if (route.request?.params) {
    add(400, 'A path that cannot be percent-decoded');
    add(404, 'A malformed id, which names nothing');
  }
  if (route.database !== false) add(503, 'The database is unreachable; try again after Retry-After');
  add(500, 'Something went wrong (logged; no details are given)');
  return answers;
}

function responseObject(answer: ApiResponse): ZodOpenApiResponseObject {
  const content = answer.media
    ? { [answer.media.type]: { schema: answer.media.schema } }
    : answer.body
      ? { 'application/json': { schema: answer.body } }
      : undefined;
  return {
    description: answer.description,
    ...(content ? { content } : {}),
    ...(answer.headers ? { headers: answer.headers } : {}),
    ...(answer.links ? { links: answer.links } : {}),
  };
}

function responses(route: ApiRoute): ZodOpenApiResponsesObject {
  const all: Record<number, ApiResponse> = { ...route.responses };
  for (const [status, reasons] of appAnswers(route)) {
    const own = all[status];
    all[status] = own
      ? { ...own, description: `${own.description}; also: ${reasons.join('; ')}` }
      : {
          description: reasons.join('; '),
          body: errorsSchema,
          ...(status === 503 ? { headers: retryAfter } : {}),
        };
  }
  const statuses = Object.keys(all)
    .map(Number)
    .sort((a, b) => a - b);
  // Keys are HTTP statuses, which the library types as `${1..5}${string}` templates.
  return Object.fromEntries(
    statuses.map((status) => [String(status), responseObject(all[status]!)]),
  ) as ZodOpenApiResponsesObject;
}

function operation(route: ApiRoute): ZodOpenApiOperationObject {
  const { body, query, params, headers } = route.request ?? {};
  const requestParams = {
    ...(query ? { query } : {}),
    ...(params ? { path: params } : {}),
    ...(headers ? { header: headers } : {}),
  };
  return {
    operationId: route.operationId,
    tags: [route.service],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    // An optional session: the empty requirement says "or none".
    ...(route.auth === 'session' ? { security: [{ [SESSION_SCHEME]: [] }] } : {}),
    ...(route.auth === 'optional' ? { security: [{}, { [SESSION_SCHEME]: [] }] } : {}),
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses: responses(route),
  };
}

const DESCRIPTION = [
  'The public HTTP API of Ticketing, served through one origin: each path prefix goes to its service.',
  'JSON in, JSON out. Every error is `{"errors": [{"message", "field"?}]}`.',
  'Prices are decimal dollars with at most 2 decimals. Ids are 24 hex digits.',
  'Lists are pages: `?limit=` (default 50, at most 100) and the next page in the `Link: <...>; rel="next"` header.',
  'A path asked with a method it does not have answers 405 with `Allow`; an unknown path 404.',
  'Generated from the zod schemas the services validate with (common/src/api).',
].join('\n\n');

/** The OpenAPI 3.1 document of the given routes (all of them by default). */
export function buildOpenApiDocument(routes: readonly ApiRoute[] = allApiRoutes): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Ticketing API', version: '1.0.0', description: DESCRIPTION },
    tags: [
      { name: 'auth', description: 'Accounts and sessions (and this reference)' },
      { name: 'tickets', description: 'Listings' },
      { name: 'orders', description: 'Orders: a ticket reserved while its buyer pays' },
      { name: 'payments', description: 'Card payments' },
    ],
    components: {
      securitySchemes: {
        [SESSION_SCHEME]: {
          type: 'apiKey',
          in: 'cookie',
          name: 'session',
          description:
            'Set by sign-up and sign-in: a JWT of {id, email} valid for 24 h, verified by every service',
        },
      },
    },
    paths,
  });
}

let built: OpenApiDocument | undefined;

/** The document of every route, built once per process. */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}
