import { NextResponse, type NextRequest } from 'next/server';
import { cameOverHttps, clearedFlashCookie, FLASH_COOKIE } from '@/lib/auth-flash';
import { stripePublishableKey } from '@/lib/config';
import { newNonce, securityHeaders } from '@/lib/security-headers';

// The pages whose forms write the sign-in flash (lib/auth-flash.ts).
const FLASH_PAGES = /^\/auth\/(signin|signup|signout)\/?$/;

/**
 * Every page gets the security headers (lib/security-headers.ts) with a fresh nonce. The policy also goes on
 * the request: Next.js reads the nonce from it and puts it on the scripts it renders.
 *
 * The page that shows the sign-in flash also clears it in its response, since a server component cannot set
 * cookies while rendering. A plain Set-Cookie header, not `response.cookies`: Next.js copies cookies set that
 * way into the request the page sees, which would hide the flash from the page.
 */
export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({
    nonce: newNonce(),
    isDev: process.env.NODE_ENV === 'development',
    stripe: stripePublishableKey() !== null,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);

  if (FLASH_PAGES.test(request.nextUrl.pathname) && request.cookies.has(FLASH_COOKIE)) {
    response.headers.append('Set-Cookie', clearedFlashCookie(cameOverHttps(request)));
  }
  return response;
}

// Literal values only (Next.js reads them at build time): every path but the build's static files.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
