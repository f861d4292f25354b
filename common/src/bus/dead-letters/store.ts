import type { DeadLetter } from '../../events/contracts';

/**
 * A dead letter as stored: its id (`<subject>/<sequence>`) and when it was replayed, if ever. Its subject is the
 * one the broker filed it under, which is where a replay publishes.
 */
export interface StoredDeadLetter extends DeadLetter {
  id: string;
  /** Every replay so far, oldest first. */
  replayedAt: string[];
}

/** What a replay records on the replay subject of the letter's subject. */
export interface ReplayRecord {
  id: string;
  replayedAt: string;
}

/** The dead letters on one broker, whatever the transport. */
export interface DeadLetterStore {
  /** Every dead letter of every subject, with its replays, oldest first within a subject. */
  list(): Promise<StoredDeadLetter[]>;
  /**
   * Republishes the original payload to the original subject (every consumer group of it gets it again: they are
   * idempotent) and records the replay.
   */
  replay(letter: StoredDeadLetter): Promise<void>;
  close(): Promise<void>;
}

export function letterId(subject: string, sequence: number): string {
  return `${subject}/${sequence}`;
}

/** Adds to each letter the times its replay records name. */
export function withReplays(
  letters: Omit<StoredDeadLetter, 'replayedAt'>[],
  records: ReplayRecord[],
): StoredDeadLetter[] {
  const replays = new Map<string, string[]>();
  for (const record of records)
    replays.set(record.id, [...(replays.get(record.id) ?? []), record.replayedAt]);
  return letters.map((letter) => ({ ...letter, replayedAt: replays.get(letter.id) ?? [] }));
}

/** Parses what the broker holds as a dead letter; undefined for anything else. */
export function parseLetter(bytes: string): DeadLetter | undefined {
  try {
    const letter = JSON.parse(bytes) as Partial<DeadLetter>;
    if (typeof letter.subject !== 'string' || typeof letter.payload !== 'string') return undefined;
    return {
      subject: letter.subject,
      service: String(letter.service ?? ''),
      reason: String(letter.reason ?? ''),
      deliveryCount: Number(letter.deliveryCount ?? 0),
      payload: letter.payload,
      failedAt: String(letter.failedAt ?? ''),
    };
  } catch {
    return undefined;
  }
}

export function parseReplay(bytes: string): ReplayRecord | undefined {
  try {
    const record = JSON.parse(bytes) as Partial<ReplayRecord>;
    if (typeof record.id !== 'string' || typeof record.replayedAt !== 'string') return undefined;
    return { id: record.id, replayedAt: record.replayedAt };
  } catch {
    return undefined;
  }
}
