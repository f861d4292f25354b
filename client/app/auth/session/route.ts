import { cameOverHttps, flashCookie, isAuthIntent } from '@/lib/auth-flash';
import { relayToAuth } from '@/lib/auth-relay';
import { safeReturnPath } from '@/lib/safe-path';

/**
 * The sign-in, sign-up and sign-out forms post here when JavaScript is off (with it on, they call /api/users
 * from the browser). The auth service's Set-Cookie headers are passed through untouched, then 303 to the page.
 * A refusal goes back to the form with the service's messages in a flash cookie (lib/auth-flash.ts), never in
 * the URL: the page must not show text that anyone can put in a link.
 */

function seeOther(location: string, setCookies: readonly string[] = []): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const cookie of setCookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

// Refuses forms posted from other sites (login CSRF); browsers always send Origin with a form POST.
function fromThisSite(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export async function POST(request: Request): Promise<Response> {
  if (!fromThisSite(request)) {
    return Response.json({ errors: [{ message: 'Form posted from another site' }] }, { status: 403 });
  }
  const form = await request.formData();
  const intent = form.get('intent');
  if (!isAuthIntent(intent)) return Response.json({ errors: [{ message: 'Unknown form' }] }, { status: 400 });
  const returnTo = safeReturnPath(form.get('next'));
  const outcome = await relayToAuth(intent, text(form, 'email'), text(form, 'password'));
  if (outcome.ok) return seeOther(intent === 'signout' ? '/' : returnTo, outcome.setCookies);
  const back =
    intent === 'signout' ? '/auth/signout' : `/auth/${intent}?next=${encodeURIComponent(returnTo)}`;
  return seeOther(back, [flashCookie({ intent, errors: outcome.errors }, cameOverHttps(request))]);
}
