import mongoose from 'mongoose';
import { logger } from '../logger';

/** Connects mongoose, retrying while the database is not up yet, and builds every model's indexes. */
export async function connectDatabase(uri: string, attempts = 30): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000 });
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
