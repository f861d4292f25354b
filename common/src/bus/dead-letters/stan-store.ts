import { randomBytes } from 'node:crypto';
import * as nats from 'node-nats-streaming';
import type { Message, Stan } from 'node-nats-streaming';
import { deadLetterReplaySubject, deadLetterSubject, subjects, type Subject } from '../../events/contracts';
import type { NatsCredentials } from '../event-bus';
import {
  letterId,
  parseLetter,
  parseReplay,
  withReplays,
  type DeadLetterStore,
  type ReplayRecord,
  type StoredDeadLetter,
} from './store';

/**
 * NATS Streaming gives no way to ask how many messages a channel holds: a channel is taken as empty when a
 * subscription starting at its last message gets nothing for this long.
 */
const EMPTY_CHANNEL_SILENCE_MS = 2_000;

interface ChannelMessage {
  sequence: number;
  data: string;
}

/** The dead letters of NATS Streaming: one channel per subject for the letters, one for their replay records. */
export class StanDeadLetters implements DeadLetterStore {
  private constructor(private readonly stan: Stan) {}

  static connect(url: string, clusterId: string, credentials?: NatsCredentials): Promise<StanDeadLetters> {
    const clientId = `dead-letters-${randomBytes(4).toString('hex')}`;
    const stan = nats.connect(clusterId, clientId, {
      url,
      connectTimeout: 5_000,
      ...(credentials ? { user: credentials.user, pass: credentials.password } : {}),
    });
    return new Promise((resolve, reject) => {
      stan.once('error', reject);
      stan.once('connect', () => {
        stan.removeListener('error', reject);
        // A protocol error reported outside any call: the call it concerns fails (or times out) by itself.
        stan.on('error', () => undefined);
        resolve(new StanDeadLetters(stan));
      });
    });
  }

  async list(): Promise<StoredDeadLetter[]> {
    const perSubject = await Promise.all(subjects.map((subject) => this.listSubject(subject)));
    return perSubject.flat();
  }

  private async listSubject(subject: Subject): Promise<StoredDeadLetter[]> {
    const [letterMessages, replayMessages] = await Promise.all([
      this.readChannel(deadLetterSubject(subject)),
      this.readChannel(deadLetterReplaySubject(subject)),
    ]);
    const letters = letterMessages.flatMap(({ sequence, data }) => {
      const letter = parseLetter(data);
      return letter ? [{ ...letter, subject, id: letterId(subject, sequence) }] : [];
    });
    const records = replayMessages.flatMap(({ data }) => parseReplay(data) ?? []);
    return withReplays(letters, records);
  }

  /**
   * Every message of a channel: its last sequence first, then all of them up to it. The subscriptions are left to
   * close with the connection: unsubscribing while the server still answers other subscribe requests of this
   * client makes it refuse them.
   */
  private async readChannel(channel: string): Promise<ChannelMessage[]> {
    const last = await this.lastSequence(channel);
    if (last === 0) return [];
    const found: ChannelMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = this.stan.subscribe(
        channel,
        this.stan.subscriptionOptions().setDeliverAllAvailable(),
      );
      subscription.on('error', reject);
      subscription.on('message', (message: Message) => {
        const sequence = message.getSequence();
        if (sequence > last || (found.length > 0 && found[found.length - 1]!.sequence >= sequence)) return;
        found.push({ sequence, data: text(message) });
        if (sequence === last) resolve();
      });
    });
    return found;
  }

  private lastSequence(channel: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const subscription = this.stan.subscribe(
        channel,
        this.stan.subscriptionOptions().setStartWithLastReceived(),
      );
      subscription.on('error', reject);
      const timer = setTimeout(() => resolve(0), EMPTY_CHANNEL_SILENCE_MS);
      subscription.once('message', (message: Message) => {
        clearTimeout(timer);
        resolve(message.getSequence());
      });
    });
  }

  async replay(letter: StoredDeadLetter): Promise<void> {
    await this.publish(letter.subject, letter.payload);
    const record: ReplayRecord = { id: letter.id, replayedAt: new Date().toISOString() };
    await this.publish(deadLetterReplaySubject(letter.subject), JSON.stringify(record));
  }

  private publish(subject: string, payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stan.publish(subject, payload, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      this.stan.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.stan.close();
    });
  }
}

function text(message: Message): string {
  const data = message.getData();
  return typeof data === 'string' ? data : data.toString('utf8');
}
