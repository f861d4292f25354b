import { z } from 'zod';

/** One problem: what went wrong, and the request field it is about when there is one. */
export const errorItemSchema = z.object({ message: z.string(), field: z.string().optional() });

/** Every error answer of every service: `{"errors": [{"message", "field"?}]}`. */
export const errorsSchema = z.object({ errors: z.array(errorItemSchema).min(1) }).meta({ id: 'Errors' });

export type ApiErrorItem = z.infer<typeof errorItemSchema>;
export type ApiErrors = z.infer<typeof errorsSchema>;

/**
 * The error of a schema for a query parameter: a repeated parameter arrives as an array and is named as such;
 * anything else wrong with it is `message`.
 */
export function onceThen(name: string, message: string) {
  return (issue: { input?: unknown }) =>
    Array.isArray(issue.input) ? `${name} must be given once` : message;
}
