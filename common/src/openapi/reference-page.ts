/** The parts of an OpenAPI 3.1 document the reference page shows (it reads the JSON, not the zod schemas). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface Media {
  schema?: JsonSchema;
}

interface Response {
  description: string;
  content?: Record<string, Media>;
  headers?: Record<string, { required?: boolean; description?: string; schema?: JsonSchema }>;
  links?: Record<string, { operationId?: string; description?: string }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, Response>;
}

export interface ReferenceDocument {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'delete'];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text from the document: escaped, with `code` spans kept as code. */
function prose(text: string | undefined): string {
  return text ? escape(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '';
}

const schemaAnchor = (name: string) => `schema-${name}`;

function constraints(schema: JsonSchema): string[] {
  const found: string[] = [];
  if (schema.format) found.push(`format ${schema.format}`);
  if (schema.enum) found.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (schema.const !== undefined) found.push(`always ${JSON.stringify(schema.const)}`);
  if (schema.minLength !== undefined) found.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) found.push(`at most ${schema.maxLength} characters`);
  if (schema.exclusiveMinimum !== undefined) found.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined) found.push(`>= ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
    found.push(`<= ${schema.maximum}`);
  if (schema.minItems !== undefined) found.push(`at least ${schema.minItems} items`);
  if (schema.pattern && schema.pattern.length <= 60)
    found.push(`matches <code>${escape(schema.pattern)}</code>`);
  if (schema.default !== undefined) found.push(`default ${JSON.stringify(schema.default)}`);
  return found.map((c) => (c.startsWith('matches') ? c : escape(c)));
}

/** A schema as nested HTML: references link to the schemas section, objects list their properties. */
function renderSchema(schema: JsonSchema | undefined): string {
  if (!schema) return 'anything';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? schema.$ref;
    return `<a href="#${escape(schemaAnchor(name))}">${escape(name)}</a>`;
  }
  if (schema.anyOf) return schema.anyOf.map(renderSchema).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  let html = `<span class="type">${escape(type)}</span>`;
  const details = constraints(schema);
  if (details.length > 0) html += ` (${details.join('; ')})`;
  if (schema.description) html += ` — ${prose(schema.description)}`;
  if (schema.items) html += ` of ${renderSchema(schema.items)}`;
  if (schema.properties) {
    const required = new Set(schema.required ?? []);
    const items = Object.entries(schema.properties).map(
      ([name, property]) =>
        `<li><code>${escape(name)}</code>${required.has(name) ? '' : ' <em>optional</em>'}: ${renderSchema(property)}</li>`,
    );
    html += `<ul>${items.join('')}</ul>`;
  }
  return html;
}

function renderContent(content: Record<string, Media> | undefined): string {
  return Object.entries(content ?? {})
    .map(([type, media]) => `<div><code>${escape(type)}</code>: ${renderSchema(media.schema)}</div>`)
    .join('');
}

function renderAuth(security: Operation['security']): string {
  if (!security || security.length === 0) return 'No session needed.';
  if (security.some((requirement) => Object.keys(requirement).length === 0)) {
    return 'Session optional: the <code>session</code> cookie changes what is allowed or answered.';
  }
  return 'Needs a session: the <code>session</code> cookie (401 without it).';
}

function renderOperation(path: string, method: string, op: Operation): string {
  const parameters = (op.parameters ?? []).map(
    (p) =>
      `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td>` +
      `<td>${renderSchema(p.schema)}${p.description ? ` — ${prose(p.description)}` : ''}</td></tr>`,
  );
  const responses = Object.entries(op.responses).map(([status, response]) => {
    const headers = Object.entries(response.headers ?? {}).map(
      ([name, header]) =>
        `<div>Header <code>${escape(name)}</code>${header.required ? '' : ' (optional)'}: ${renderSchema(header.schema)}</div>`,
    );
    const links = Object.values(response.links ?? {}).map(
      (link) =>
        `<div>Then: <a href="#${escape(link.operationId ?? '')}">${escape(link.operationId ?? '')}</a> — ${prose(link.description)}</div>`,
    );
    return `<dt>${escape(status)}</dt><dd>${prose(response.description)}${renderContent(response.content)}${headers.join('')}${links.join('')}</dd>`;
  });
  return [
    `<section id="${escape(op.operationId ?? `${method}-${path}`)}">`,
    `<h3><span class="method">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>`,
    `<p>${prose(op.summary)}</p>`,
    op.description ? `<p>${prose(op.description)}</p>` : '',
    `<p>${renderAuth(op.security)}</p>`,
    parameters.length > 0
      ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${parameters.join('')}</table>`
      : '',
    op.requestBody ? `<h4>Request body</h4>${renderContent(op.requestBody.content)}` : '',
    `<h4>Responses</h4><dl>${responses.join('')}</dl>`,
    '</section>',
  ].join('\n');
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:0 .2em}section{border-top:1px solid #ddd;padding:.5rem 0}
.method{font-weight:bold;color:#0a5}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top}
dt{font-weight:bold}dd{margin:0 0 .5rem 2rem}.type{color:#06c}`;

/** A self-contained page (no script, no external resource) listing every operation of the document. */
export function referencePage(doc: ReferenceDocument, documentUrl: string): string {
  const operations: { tag: string; html: string; link: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      operations.push({
        tag: op.tags?.[0] ?? 'other',
        html: renderOperation(path, method, op),
        link: `<li><a href="#${escape(op.operationId ?? '')}">${escape(method.toUpperCase())} ${escape(path)}</a> — ${prose(op.summary)}</li>`,
      });
    }
  }
  const tags: { name: string; description?: string }[] =
    doc.tags ?? [...new Set(operations.map((o) => o.tag))].map((name) => ({ name }));
  const groups = tags.map(({ name, description }) => {
    const mine = operations.filter((o) => o.tag === name);
    return `<h2 id="tag-${escape(name)}">${escape(name)}</h2><p>${prose(description)}</p>${mine.map((o) => o.html).join('\n')}`;
  });
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(
    ([name, schema]) =>
      `<section id="${escape(schemaAnchor(name))}"><h3>${escape(name)}</h3>${renderSchema(schema)}</section>`,
  );
  const intro = (doc.info.description ?? '').split('\n\n').map((paragraph) => `<p>${prose(paragraph)}</p>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title><style>${STYLE}</style></head>
<body><h1>${escape(doc.info.title)} ${escape(doc.info.version)}</h1>
${intro.join('\n')}
<p>The same reference as an OpenAPI 3.1 document: <a href="${escape(documentUrl)}">${escape(documentUrl)}</a>.</p>
<h2>Operations</h2><ul>${operations.map((o) => o.link).join('')}</ul>
${groups.join('\n')}
<h2>Schemas</h2>
${schemas.join('\n')}
</body></html>
`;
}
