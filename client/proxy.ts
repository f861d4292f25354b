import { NextResponse, type NextRequest } from 'next/server';
import { cameOverHttps, clearedFlashCookie } from '@/lib/auth-flash';

/**
 * Clears the sign-in flash (lib/auth-flash.ts) in the response of the page that shows it, since a server
 * component cannot set cookies while rendering. A plain Set-Cookie header, not `response.cookies`: Next.js
 * copies cookies set that way into the request the page sees, which would hide the flash from the page.
 */
export function proxy(request: NextRequest): NextResponse {
  const response = NextResponse.next();
  response.headers.append('Set-Cookie', clearedFlashCookie(cameOverHttps(request)));
  return response;
}

// Literal values only (Next.js reads them at build time): the cookie is FLASH_COOKIE, the pages its forms.
export const config = {
  matcher: [{ source: '/auth/(signin|signup|signout)', has: [{ type: 'cookie', key: 'auth_flash' }] }],
};
