import { parseArgs } from 'node:util';
import { ConfigError, busConfigShape, jetStreamLimitsOf, loadConfig, natsCredentialsOf } from '../../config';
import { JetStreamDeadLetters } from './jetstream-store';
import { StanDeadLetters } from './stan-store';
import type { DeadLetterStore, StoredDeadLetter } from './store';

export const USAGE = `Usage:
  npm run dead-letters -- list [--subject S] [--service N] [--json]
  npm run dead-letters -- replay <id>... | --all [--subject S] [--service N]
Connects with EVENT_BUS (stan|jetstream), NATS_URL, NATS_CLUSTER_ID, the JETSTREAM_* limits and NATS_USER /
NATS_PASSWORD (the operator's user, dead-letters) as the services do.
replay republishes each letter's original payload to its original subject and records the replay;
--all replays every letter (of that subject / service) not replayed yet; an id replays even a replayed one.`;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export function openDeadLetterStore(env: NodeJS.ProcessEnv): Promise<DeadLetterStore> {
  const config = loadConfig(busConfigShape('dead-letters'), env);
  const credentials = natsCredentialsOf(config);
  if (config.EVENT_BUS === 'jetstream')
    return JetStreamDeadLetters.connect(
      config.NATS_URL,
      jetStreamLimitsOf(config),
      credentials,
      config.JETSTREAM_REPLICAS,
    );
  return StanDeadLetters.connect(config.NATS_URL, config.NATS_CLUSTER_ID, credentials);
}

function describe(letter: StoredDeadLetter): string {
  const replays = letter.replayedAt.length;
  const replayed = replays > 0 ? `  replayed ${replays}x, last ${letter.replayedAt[replays - 1]}` : '';
  return `${letter.id}  ${letter.failedAt}  ${letter.service}  ${letter.reason}${replayed}`;
}

/** `npm run dead-letters -- ...`: lists or replays dead letters; resolves to the exit code. */
export async function deadLettersCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        subject: { type: 'string' },
        service: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...ids] = parsed.positionals;
  const { subject, service, all, json } = parsed.values;
  const replaying = command === 'replay';
  if (
    (command !== 'list' && !replaying) ||
    (replaying && all === ids.length > 0) ||
    (!replaying && ids.length)
  ) {
    io.err(USAGE);
    return 2;
  }
  let store: DeadLetterStore;
  try {
    store = await openDeadLetterStore(env);
  } catch (err) {
    io.err(err instanceof ConfigError ? err.message : `Cannot reach the broker: ${(err as Error).message}`);
    return err instanceof ConfigError ? 2 : 1;
  }
  try {
    const letters = (await store.list()).filter(
      (letter) =>
        (subject === undefined || letter.subject === subject) &&
        (service === undefined || letter.service === service),
    );
    if (!replaying) {
      if (json) io.out(JSON.stringify(letters, null, 2));
      else {
        for (const letter of letters) io.out(describe(letter));
        io.out(`${letters.length} dead letter${letters.length === 1 ? '' : 's'}`);
      }
      return 0;
    }
    const chosen = all
      ? letters.filter((letter) => letter.replayedAt.length === 0)
      : ids.map((id) => letters.find((letter) => letter.id === id));
    const unknown = ids.filter((_id, n) => !chosen[n]);
    if (unknown.length > 0) {
      io.err(`No dead letter ${unknown.join(', ')} (see npm run dead-letters -- list)`);
      return 1;
    }
    for (const letter of chosen as StoredDeadLetter[]) {
      await store.replay(letter);
      io.out(`replayed ${letter.id} to ${letter.subject}`);
    }
    io.out(`${chosen.length} replayed`);
    return 0;
  } finally {
    await store.close();
  }
}
