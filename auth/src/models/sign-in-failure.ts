import { Schema, model } from 'mongoose';

/**
 * One failed (or in-progress) sign-in attempt, counted by key ("account:<email>" or "ip:<address>") inside the
 * limit window. One insert per attempt gives a true sliding window (a counter would need a window reset). The
 * throttle purges expired attempts itself: the MongoDB stand-in does not run TTL indexes.
 */
export interface SignInFailureAttrs {
  key: string;
  at: Date;
}

const signInFailureSchema = new Schema<SignInFailureAttrs>(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'signin_failures' },
);

// Counting one key's attempts in the window, oldest first.
signInFailureSchema.index({ key: 1, at: 1, _id: 1 });
// The purge of expired attempts.
signInFailureSchema.index({ at: 1 });

export const SignInFailure = model<SignInFailureAttrs>('SignInFailure', signInFailureSchema);
