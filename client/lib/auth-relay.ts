import 'server-only';
import { ApiError, callService } from './api-server';
import type { AuthIntent } from './auth-flash';
import type { ApiErrorItem } from './types';

export type { AuthIntent };

export type AuthOutcome = { ok: true; setCookies: string[] } | { ok: false; errors: ApiErrorItem[] };

/**
 * Signs in, up or out through the auth service on the visitor's behalf and hands back its Set-Cookie headers
 * verbatim, for the no-JavaScript form path (the browser path calls /api/users directly).
 */
export async function relayToAuth(intent: AuthIntent, email: string, password: string): Promise<AuthOutcome> {
  const body = intent === 'signout' ? {} : { email, password };
  try {
    const response = await callService<unknown>('auth', `/api/users/${intent}`, {
      method: 'POST',
      body,
    });
    return { ok: true, setCookies: response.headers.getSetCookie() };
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return { ok: false, errors: error.errors };
    throw error;
  }
}
