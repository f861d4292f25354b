import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import {
  DEAD_LETTER_PREFIX,
  DEAD_LETTER_REPLAY_PREFIX,
  deadLetterReplaySubject,
} from '../../events/contracts';
import { natsServers, type NatsCredentials } from '../event-bus';
import { connectionCredentials, DEAD_LETTER_STREAM, ensureStreams } from '../jetstream-bus';
import type { JetStreamLimits } from '../stream-limits';
import {
  letterId,
  parseLetter,
  parseReplay,
  withReplays,
  type DeadLetterStore,
  type ReplayRecord,
  type StoredDeadLetter,
} from './store';

/** The dead letters of JetStream: the stream TICKETING_DEAD_LETTERS holds the letters and their replay records. */
export class JetStreamDeadLetters implements DeadLetterStore {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
  ) {}

  static async connect(
    url: string,
    limits: JetStreamLimits,
    credentials?: NatsCredentials,
    replicas = 1,
  ): Promise<JetStreamDeadLetters> {
    const nc = await connect({
      servers: natsServers(url),
      name: 'dead-letters',
      timeout: 5_000,
      ...connectionCredentials(credentials),
    });
    try {
      await ensureStreams(await jetstreamManager(nc), limits, replicas);
    } catch (err) {
      await nc.close();
      throw err;
    }
    return new JetStreamDeadLetters(nc, jetstream(nc));
  }

  async list(): Promise<StoredDeadLetter[]> {
    const jsm = await jetstreamManager(this.nc);
    const { state } = await jsm.streams.info(DEAD_LETTER_STREAM);
    if (state.messages === 0) return [];
    const letters: Omit<StoredDeadLetter, 'replayedAt'>[] = [];
    const records: ReplayRecord[] = [];
    // An ordered consumer reads the stream once from its start; nothing pending means it is all read.
    const consumer = await this.js.consumers.get(DEAD_LETTER_STREAM);
    const messages = await consumer.consume();
    for await (const message of messages) {
      if (message.subject.startsWith(DEAD_LETTER_PREFIX)) {
        const letter = parseLetter(message.string());
        const subject = message.subject.slice(DEAD_LETTER_PREFIX.length);
        if (letter) letters.push({ ...letter, subject, id: letterId(subject, message.seq) });
      } else if (message.subject.startsWith(DEAD_LETTER_REPLAY_PREFIX)) {
        const record = parseReplay(message.string());
        if (record) records.push(record);
      }
      if (message.info.pending === 0) break;
    }
    await messages.close();
    return withReplays(letters, records);
  }

  async replay(letter: StoredDeadLetter): Promise<void> {
    // No message id: the original one may still be inside the stream's duplicate window, which would drop it.
    await this.js.publish(letter.subject, letter.payload);
    const record: ReplayRecord = { id: letter.id, replayedAt: new Date().toISOString() };
    await this.js.publish(deadLetterReplaySubject(letter.subject), JSON.stringify(record));
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
