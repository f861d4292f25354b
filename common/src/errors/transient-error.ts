import mongoose from 'mongoose';
import { BusyError } from '../db/versioned';

const { mongo } = mongoose;

/**
 * Driver errors that say "the database cannot be reached or cannot serve right now", not "this request is wrong":
 * network errors (pool cleared and network timeouts are subclasses), no server selectable, client not connected
 * or closed, an operation past its time limit, a primary that is stale or stepped down.
 */
const UNAVAILABLE_CLASSES = [
  mongo.MongoNetworkError,
  mongo.MongoServerSelectionError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
  mongo.MongoServerClosedError,
  mongo.MongoOperationTimeoutError,
  mongo.MongoStalePrimaryError,
  mongoose.Error.MongooseServerSelectionError,
];

/** Server answers of the same kind: not primary, shutting down, unreachable host, time limit exceeded. */
const UNAVAILABLE_CODES = new Set([
  6, 7, 50, 64, 89, 91, 189, 262, 9001, 10058, 10107, 11600, 11602, 13435, 13436,
]);

/** Labels the driver or the server put on errors that a retry may clear. */
const RETRYABLE_LABELS = [
  mongo.MongoErrorLabel.RetryableWriteError,
  mongo.MongoErrorLabel.TransientTransactionError,
  mongo.MongoErrorLabel.ResetPool,
  mongo.MongoErrorLabel.RetryableError,
  mongo.MongoErrorLabel.SystemOverloadedError,
];

/** Mongoose queues operations while disconnected and fails them with this message after bufferTimeoutMS. */
const BUFFERING_TIMEOUT = /buffering timed out after/;

/**
 * Whether an error is a transient failure of a dependency (the database unreachable, not primary, timing out,
 * or a write that kept losing its race): retrying later may succeed, so an API answers 503 and a message is
 * redelivered, never dead-lettered.
 */
export function isTransientError(err: unknown): boolean {
  if (err instanceof BusyError) return true;
  if (UNAVAILABLE_CLASSES.some((type) => err instanceof type)) return true;
  if (err instanceof mongo.MongoError) {
    if (RETRYABLE_LABELS.some((label) => err.hasErrorLabel(label))) return true;
    if (typeof err.code === 'number' && UNAVAILABLE_CODES.has(err.code)) return true;
  }
  return err instanceof mongoose.Error && BUFFERING_TIMEOUT.test(err.message);
}
