import mongoose, { Schema } from 'mongoose';
import { freePort } from '@ticketing/tools';

const { mongo } = mongoose;

/**
 * The errors a service sees while its database is unreachable, made by the real driver and mongoose against a
 * port nothing listens on, plus the server-side answers a replica set gives while it has no primary.
 */
/** A driver error and what it is; the first two are the real ones (server selection, then buffering). */
type Named = [string, Error];

export async function connectionErrors(): Promise<[Named, Named, ...Named[]]> {
  const closedPort = await freePort();
  const client = new mongo.MongoClient(`mongodb://127.0.0.1:${closedPort}/down`, {
    serverSelectionTimeoutMS: 200,
  });
  const serverSelection = await client
    .db()
    .collection('tickets')
    .findOne({})
    .then(() => new Error('the query unexpectedly succeeded'))
    .catch((err: Error) => err);
  await client.close();

  // A connection never opened: mongoose buffers the operation, then gives up.
  const unopened = mongoose.createConnection();
  const Ticket = unopened.model('Ticket', new Schema({ title: String }, { bufferTimeoutMS: 50 }));
  const buffering = await Ticket.findOne({})
    .then(() => new Error('the query unexpectedly succeeded'))
    .catch((err: Error) => err);
  await unopened.close();

  const labelled = new mongo.MongoServerError({ message: 'connection pool cleared', code: 1 });
  labelled.addErrorLabel(mongo.MongoErrorLabel.RetryableWriteError);
  return [
    ['no server selectable', serverSelection],
    ['a buffering timeout', buffering],
    ['a network error', new mongo.MongoNetworkError('connection reset by peer')],
    ['a network timeout', new mongo.MongoNetworkTimeoutError('connection timed out')],
    ['not primary', new mongo.MongoServerError({ message: 'not primary', code: 10107 })],
    ['shutting down', new mongo.MongoServerError({ message: 'shutdown in progress', code: 91 })],
    ['a retryable write label', labelled],
  ];
}
