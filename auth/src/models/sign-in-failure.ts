import { model } from 'mongoose';
import { windowEntrySchema, type WindowEntryAttrs } from './window-entry';

/**
 * One failed (or in-progress) sign-in attempt, counted by key ("account:<email>|ip:<address>" or "ip:<address>")
 * inside the limit window.
 */
export type SignInFailureAttrs = WindowEntryAttrs;

export const SignInFailure = model<SignInFailureAttrs>('SignInFailure', windowEntrySchema('signin_failures'));
