import { z } from 'zod';
import { emailField, id, lengthWithin } from './fields';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const EMAIL_MESSAGE = 'Email must be valid';
const NEW_PASSWORD_MESSAGE = `Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters`;
const PASSWORD_REQUIRED = 'Password is required';

/** Sign-up: the password chosen, never trimmed (spaces are part of it). */
export const signUpBody = z
  .object({
    email: emailField(EMAIL_MESSAGE),
    password: lengthWithin(
      z.string({ error: NEW_PASSWORD_MESSAGE }),
      PASSWORD_MIN_LENGTH,
      PASSWORD_MAX_LENGTH,
      NEW_PASSWORD_MESSAGE,
    ),
  })
  .meta({ id: 'SignUp' });

/**
 * Sign-in: any password up to the sign-up maximum. A too-short one is simply wrong ("Invalid credentials"), so
 * sign-in does not recite the sign-up rules; the maximum bounds the hashing work.
 */
export const signInBody = z
  .object({
    email: emailField(EMAIL_MESSAGE),
    password: lengthWithin(z.string({ error: PASSWORD_REQUIRED }), 1, PASSWORD_MAX_LENGTH, PASSWORD_REQUIRED),
  })
  .meta({ id: 'SignIn' });

export const userSchema = z.object({ id, email: z.string() }).meta({ id: 'User' });

/** Who the session cookie names; null when there is none, or it is tampered with or expired. */
export const currentUserSchema = z.object({ currentUser: userSchema.nullable() }).meta({ id: 'CurrentUser' });

export const signedOutSchema = z.object({}).meta({ description: 'Always empty' });

export type SignUpBody = z.infer<typeof signUpBody>;
export type SignInBody = z.infer<typeof signInBody>;
export type User = z.infer<typeof userSchema>;
export type CurrentUserResponse = z.infer<typeof currentUserSchema>;
