import mongoose from 'mongoose';
import { logger } from '../logger';

/**
 * A lost database shows within this time (the driver's heartbeat; its default is 10 s): readiness fails, the bus
 * pauses, and the recovery shows as soon.
 */
const HEARTBEAT_MS = 2_000;

/** Connects mongoose, retrying while the database is not up yet, and builds every model's indexes. */
export async function connectDatabase(uri: string, attempts = 30): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000, heartbeatFrequencyMS: HEARTBEAT_MS });
      await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
      logger.info('database connected');
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
