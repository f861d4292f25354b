import mongoose, { type ConnectOptions, type mongo } from 'mongoose';
import type { WriteConcernSetting } from '../config';
import { logger } from '../logger';

/**
 * A lost database shows within this time (the driver's heartbeat; its default is 10 s): readiness fails, the bus
 * pauses, and the recovery shows as soon.
 */
const HEARTBEAT_MS = 2_000;

/**
 * How long a majority write waits for the other members before it fails (it is not undone: the outbox sweep
 * publishes its events once it is visible, like any write whose answer was lost).
 */
const MAJORITY_WAIT_MS = 5_000;

/**
 * The write concern of every write of the connection. Set once on the client rather than on each write, so no
 * write that carries an event (the outbox lives in the aggregate's own document) can miss it. `majority` with the
 * journal: acknowledged only once a majority of the replica set has it in its on-disk journal, so a primary that
 * crashes right after answering cannot take with it a write whose events are already on the bus.
 */
export function writeConcernOf(setting: WriteConcernSetting): mongo.WriteConcernSettings {
  return setting === 'majority' ? { w: 'majority', journal: true, wtimeoutMS: MAJORITY_WAIT_MS } : { w: 1 };
}

/** The options of every connection to the database, the test databases' included. */
export function connectionOptions(writeConcern: WriteConcernSetting): ConnectOptions {
  return {
    serverSelectionTimeoutMS: 5_000,
    heartbeatFrequencyMS: HEARTBEAT_MS,
    writeConcern: writeConcernOf(writeConcern),
  };
}

export interface ConnectDatabaseOptions {
  writeConcern?: WriteConcernSetting;
  attempts?: number;
}

/** Connects mongoose, retrying while the database is not up yet, and builds every model's indexes. */
export async function connectDatabase(
  uri: string,
  { writeConcern = 'majority', attempts = 30 }: ConnectDatabaseOptions = {},
): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await mongoose.connect(uri, connectionOptions(writeConcern));
      await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
      logger.info({ writeConcern }, 'database connected');
      return mongoose;
    } catch (err) {
      if (attempt >= attempts) throw err;
      logger.warn({ err: (err as Error).message, attempt }, 'database not reachable yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

export function databaseReady(): boolean {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
