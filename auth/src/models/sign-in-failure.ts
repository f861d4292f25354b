import { Schema, model } from 'mongoose';

/**
 * One failed (or in-progress) sign-in attempt, counted by key ("account:<email>" or "ip:<address>") inside the
 * limit window. Each failure is its own insert because conditional updates of a counter are not atomic on
 * FerretDB; expired documents are purged by the throttle (FerretDB has no TTL indexes).
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

signInFailureSchema.index({ key: 1, at: 1 });
signInFailureSchema.index({ at: 1 });

export const SignInFailure = model<SignInFailureAttrs>('SignInFailure', signInFailureSchema);
