import type { ApiErrorItem } from './types';

function isErrorItem(value: unknown): value is ApiErrorItem {
  if (typeof value !== 'object' || value === null) return false;
  const { message, field } = value as Record<string, unknown>;
  return typeof message === 'string' && (field === undefined || typeof field === 'string');
}

const FALLBACK: Record<number, string> = {
  401: 'Please sign in first.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  413: 'That request is too large.',
  429: 'Too many attempts. Please wait a few minutes and try again.',
};

/** The `{errors:[...]}` body every service returns, or one generic message when the body is something else. */
export function errorsOf(body: unknown, status: number): ApiErrorItem[] {
  const errors =
    typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  if (Array.isArray(errors) && errors.length > 0 && errors.every(isErrorItem)) return errors;
  return [{ message: FALLBACK[status] ?? 'Something went wrong. Please try again.' }];
}

/** Errors a form shows beside a field, and the rest it shows above the submit button. */
export interface SortedErrors {
  byField: Partial<Record<string, string>>;
  general: string[];
}

export function sortErrors(errors: readonly ApiErrorItem[], fields: readonly string[]): SortedErrors {
  const sorted: SortedErrors = { byField: {}, general: [] };
  for (const { message, field } of errors) {
    if (field && fields.includes(field) && sorted.byField[field] === undefined)
      sorted.byField[field] = message;
    else sorted.general.push(message);
  }
  return sorted;
}
