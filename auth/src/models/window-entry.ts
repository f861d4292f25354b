import { Schema } from 'mongoose';

/**
 * One counted event (a failed sign-in, a sign-up) under a limit key, inside a sliding window. One insert per event
 * gives a true sliding window (a counter would need a window reset), and replicas share the counts. Expired
 * entries are purged by the throttles themselves: the MongoDB stand-in does not run TTL indexes.
 */
export interface WindowEntryAttrs {
  key: string;
  at: Date;
}

export function windowEntrySchema(collection: string): Schema<WindowEntryAttrs> {
  const schema = new Schema<WindowEntryAttrs>(
    {
      key: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false, collection },
  );
  // Counting one key's entries in the window, oldest first.
  schema.index({ key: 1, at: 1, _id: 1 });
  // The purge of expired entries.
  schema.index({ at: 1 });
  return schema;
}
