import 'server-only';
import { redirect } from 'next/navigation';
import { getCurrentUser } from './api-server';
import { signInPath } from './safe-path';
import type { CurrentUser } from './types';

/** The signed-in visitor; anyone else is sent to sign in and brought back to `returnTo` afterwards. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}
