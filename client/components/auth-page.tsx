import { cookies } from 'next/headers';
import { getCurrentUser } from '@/lib/api-server';
import { FLASH_COOKIE, flashErrorsFor } from '@/lib/auth-flash';
import { safeReturnPath } from '@/lib/safe-path';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { AuthForm } from './auth-form';

export async function AuthPage({
  kind,
  searchParams,
}: {
  kind: 'signin' | 'signup';
  searchParams: SearchParams;
}) {
  const user = await getCurrentUser();
  // Errors of a failed no-JavaScript attempt come from the server's own flash cookie, never from the URL.
  const errors = flashErrorsFor(kind, (await cookies()).get(FLASH_COOKIE)?.value);
  const returnTo = safeReturnPath(firstParam(searchParams.next));
  return (
    <div className="narrow">
      <h1>{kind === 'signin' ? 'Sign in' : 'Create your account'}</h1>
      {user ? (
        <p className="notice notice--info">
          You are signed in as {user.email}. {kind === 'signin' ? 'Signing in again' : 'Creating an account'}{' '}
          switches to that account.
        </p>
      ) : null}
      <AuthForm kind={kind} returnTo={returnTo} initialErrors={errors} />
    </div>
  );
}
