import { model } from 'mongoose';
import { windowEntrySchema, type WindowEntryAttrs } from './window-entry';

/** One sign-up attempt, counted by key ("ip:<address>" or "site") inside its limit's window. */
export type SignUpAttemptAttrs = WindowEntryAttrs;

export const SignUpAttempt = model<SignUpAttemptAttrs>('SignUpAttempt', windowEntrySchema('signup_attempts'));
