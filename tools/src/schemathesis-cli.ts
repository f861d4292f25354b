import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startPlatform } from './platform';

/**
 * `scripts/schemathesis.sh`: schemathesis against the platform started as `npm start` starts it (the same code, on
 * free ports with throwaway data), through its gateway, driven by the OpenAPI document the platform serves.
 * Two users are signed up here: a seller, whose session lists and edits tickets, and a buyer, whose session makes
 * every other request, so that the stateful links (list a ticket, then read, edit, order and pay for it) reach
 * the services' logic instead of "you cannot buy your own ticket". Reports go to .run/schemathesis. Exits with
 * schemathesis' status and writes its counts to SCHEMATHESIS_SUMMARY (JSON) when that is set.
 */

const REPORTS = join(ROOT, '.run', 'schemathesis');

/** The seller's operations; the buyer's session makes every other request. */
const SELLER_OPERATIONS = ['createTicket', 'updateTicket'];

/**
 * No 5xx, every status and body as documented; also content types, documented headers, and 405 with a true
 * `Allow` for methods a path lacks. Left out: checks that judge semantics the document cannot state (a wrong
 * password is a "valid" request refused; one session is sent to every operation, so "ignored auth" misfires).
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'response_schema_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'unsupported_method',
  'allow_header_conformance',
];

function setting(name: string, fallback: string): string {
  return process.env[name] || fallback;
}

async function signUp(baseUrl: string, who: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/users/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `schemathesis-${who}@example.com`,
      password: 'schemathesis password',
    }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 201 || !cookie)
    throw new Error(`sign-up for schemathesis failed: ${response.status}`);
  return cookie;
}

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * schemathesis' configuration (TOML strings are JSON strings): the two sessions, and payment tokens drawn mostly
 * from the sandbox's cards (paid, declined, answer lost: 201, 402, 202), so that linked orders really get paid.
 */
function config(buyer: string, seller: string): string {
  const toml = (value: unknown) => JSON.stringify(value);
  return [
    // tools/schemathesis/ticketing_hooks.py, found through PYTHONPATH (scripts/schemathesis.sh sets it).
    'hooks = "ticketing_hooks"',
    `headers = { Cookie = ${toml(buyer)} }`,
    '',
    '[dictionaries.cards]',
    `values = ${toml(['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_sandboxTimeout'])}`,
    '',
    '[[operations]]',
    `include-operation-id = ${toml(SELLER_OPERATIONS)}`,
    `headers = { Cookie = ${toml(seller)} }`,
    '',
    '[[operations]]',
    'include-operation-id = "createPayment"',
    'parameters = { "body.token" = { dictionary = "cards", probability = 0.8 } }',
    '',
  ].join('\n');
}

/** What the JUnit report says: one test case per operation, failures and errors among them. */
function junitCounts(file: string): { operations: number; failed: number } {
  const xml = readFileSync(file, 'utf8');
  // One test case per operation, plus one for the stateful scenarios.
  const operations = (xml.match(/<testcase name="(GET|POST|PUT|DELETE) /g) ?? []).length;
  const failed = (xml.match(/<testcase\b[^>]*>\s*<(failure|error)\b/g) ?? []).length;
  return { operations, failed };
}

/** How many test cases schemathesis generated and how many requests they made, from its NDJSON event log. */
function ndjsonCounts(dir: string): { cases: number; requests: number } {
  let cases = 0;
  let requests = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.startsWith('{"ScenarioFinished"')) continue;
      const { recorder } = (JSON.parse(line) as { ScenarioFinished: { recorder: Recorder } })
        .ScenarioFinished;
      cases += Object.keys(recorder.cases ?? {}).length;
      requests += Object.keys(recorder.interactions ?? {}).length;
    }
  }
  return { cases, requests };
}

interface Recorder {
  cases?: Record<string, unknown>;
  interactions?: Record<string, unknown>;
}

async function main(): Promise<number> {
  const st = process.env.SCHEMATHESIS_BIN;
  if (!st) throw new Error('SCHEMATHESIS_BIN is not set (run scripts/schemathesis.sh)');
  const dir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  const started = Date.now();
  const platform = await startPlatform({
    port: 0,
    eventBus: 'stan',
    expirationWindowSeconds: 900,
    dir,
    ports: 'free',
    withClient: false,
    // The buyer places many orders over the run; the default cap of 5 open ones would refuse most of them.
    serviceEnv: { orders: { MAX_OPEN_ORDERS_PER_BUYER: '100' } },
    logLevel: 'warn',
    log: () => undefined,
  });
  try {
    rmSync(REPORTS, { recursive: true, force: true });
    mkdirSync(REPORTS, { recursive: true });
    const configFile = join(dir, 'schemathesis.toml');
    writeFileSync(
      configFile,
      config(await signUp(platform.url, 'buyer'), await signUp(platform.url, 'seller')),
    );
    // Read from the gateway as any client would, then given to schemathesis as a file: loaded by URL, it leaves
    // out the operation at that URL (the document itself), which must be tested like every other.
    const served = await fetch(`${platform.url}/api/docs/openapi.json`);
    if (served.status !== 200) throw new Error(`GET /api/docs/openapi.json answered ${served.status}`);
    const documentFile = join(REPORTS, 'openapi.json');
    writeFileSync(documentFile, await served.text());
    const junit = join(REPORTS, 'junit.xml');
    const code = await run(
      st,
      [
        '--config-file',
        configFile,
        'run',
        documentFile,
        '--url',
        platform.url,
        '--checks',
        setting('SCHEMATHESIS_CHECKS', CHECKS.join(',')),
        '--phases',
        setting('SCHEMATHESIS_PHASES', 'examples,coverage,fuzzing,stateful'),
        '--max-examples',
        setting('SCHEMATHESIS_MAX_EXAMPLES', '50'),
        '--workers',
        // Mostly waiting (payments looks for an unknown order for 3 s), so more workers than cores.
        setting('SCHEMATHESIS_WORKERS', '4'),
        '--request-timeout',
        '10',
        '--seed',
        setting('SCHEMATHESIS_SEED', String(Date.now() % 100_000)),
        '--report',
        'junit,ndjson',
        '--report-dir',
        REPORTS,
        '--report-junit-path',
        junit,
        '--no-color',
      ],
      // schemathesis and hypothesis keep caches in the working directory: there, not in the repository.
      REPORTS,
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    const { operations, failed } = junitCounts(junit);
    const { cases, requests } = ndjsonCounts(REPORTS);
    const counts = { operations, cases, requests, failed, code, seconds };
    process.stdout.write(
      `schemathesis: ${operations} operations, ${cases} test cases (${requests} requests), ` +
        `${failed} operations failed, ${seconds} s\n`,
    );
    if (process.env.SCHEMATHESIS_SUMMARY)
      writeFileSync(process.env.SCHEMATHESIS_SUMMARY, `${JSON.stringify(counts)}\n`);
    return code;
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`schemathesis could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
