import type { ApiErrorItem } from './types';

/**
 * The errors of a failed no-JavaScript sign-in, sign-up or sign-out, carried from the /auth/session route
 * handler to the page it redirects to. They travel in a short-lived cookie only the server sets and reads
 * (HttpOnly, scoped to /auth), never in the URL, so nobody can link to the real sign-in page showing text of
 * their choosing. The page reads it; `proxy.ts` clears it in the same response, so it is shown once.
 */

export type AuthIntent = 'signin' | 'signup' | 'signout';

export const FLASH_COOKIE = 'auth_flash';
export const FLASH_PATH = '/auth';
/** Long enough for the redirect to be followed, short enough that a later visit does not show it. */
export const FLASH_MAX_AGE_SECONDS = 60;

const MAX_ERRORS = 5;
const MAX_TEXT = 300;

export interface AuthFlash {
  intent: AuthIntent;
  errors: ApiErrorItem[];
}

const INTENTS: readonly string[] = ['signin', 'signup', 'signout'] satisfies AuthIntent[];

export function isAuthIntent(value: unknown): value is AuthIntent {
  return typeof value === 'string' && INTENTS.includes(value);
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

// Bounded so a chatty error body cannot grow the cookie past what browsers keep (about 4 kB).
function bounded(errors: readonly ApiErrorItem[]): ApiErrorItem[] {
  return errors
    .slice(0, MAX_ERRORS)
    .map(({ message, field }) =>
      field === undefined ? { message: clip(message) } : { message: clip(message), field: clip(field) },
    );
}

export function encodeFlash(flash: AuthFlash): string {
  return Buffer.from(JSON.stringify({ intent: flash.intent, errors: bounded(flash.errors) })).toString(
    'base64url',
  );
}

function isErrorItem(value: unknown): value is ApiErrorItem {
  if (typeof value !== 'object' || value === null) return false;
  const { message, field } = value as Record<string, unknown>;
  return typeof message === 'string' && (field === undefined || typeof field === 'string');
}

/** The flash in a cookie value, or null for anything this module did not write. */
export function decodeFlash(value: string | undefined): AuthFlash | null {
  if (!value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { intent, errors } = parsed as Record<string, unknown>;
  if (!isAuthIntent(intent) || !Array.isArray(errors) || !errors.every(isErrorItem)) return null;
  return { intent, errors: bounded(errors) };
}

/** The errors a page of the given kind should show: only those of its own form. */
export function flashErrorsFor(intent: AuthIntent, value: string | undefined): ApiErrorItem[] {
  const flash = decodeFlash(value);
  return flash?.intent === intent ? flash.errors : [];
}

function attributes(secure: boolean, maxAge: number): string {
  return [
    `Path=${FLASH_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The Set-Cookie header value that carries a flash to the next page. */
export function flashCookie(flash: AuthFlash, secure: boolean): string {
  return `${FLASH_COOKIE}=${encodeFlash(flash)}; ${attributes(secure, FLASH_MAX_AGE_SECONDS)}`;
}

/** The Set-Cookie header value that removes the flash once shown. */
export function clearedFlashCookie(secure: boolean): string {
  return `${FLASH_COOKIE}=; ${attributes(secure, 0)}`;
}

/** Whether the visitor reached this server over HTTPS (directly, or through the gateway or Ingress). */
export function cameOverHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}
