import { Schema, model } from 'mongoose';

export interface UserAttrs {
  /** Trimmed and lower-cased; nothing else is changed (dots and +tags are significant to some providers). */
  email: string;
  /** The scrypt hash (see security/password.ts), never the password itself. */
  password: string;
}

const userSchema = new Schema<UserAttrs>(
  {
    email: { type: String, required: true, trim: true, lowercase: true },
    password: { type: String, required: true },
  },
  {
    versionKey: false,
    timestamps: true,
    toJSON: {
      // Only these two leave the service: never _id, the hash or timestamps.
      transform: (_doc, ret) => ({ id: String(ret._id), email: ret.email }),
    },
  },
);

// One account per email: the unique index is what decides between simultaneous sign-ups.
userSchema.index({ email: 1 }, { unique: true });

export const User = model<UserAttrs>('User', userSchema);
