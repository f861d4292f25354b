import { errorsOf } from '@/lib/api-errors';
import { getCurrentUser } from '@/lib/api-server';
import { safeReturnPath } from '@/lib/safe-path';
import { firstParam, type SearchParams } from '@/lib/search-params';
import type { ApiErrorItem } from '@/lib/types';
import { AuthForm } from './auth-form';

/** Errors the no-JavaScript path carried back in the query string (see app/auth/session/route.ts). */
function carriedErrors(raw: string | undefined): ApiErrorItem[] {
  if (!raw) return [];
  try {
    return errorsOf({ errors: JSON.parse(raw) as unknown }, 400);
  } catch {
    return [];
  }
}

export async function AuthPage({
  kind,
  searchParams,
}: {
  kind: 'signin' | 'signup';
  searchParams: SearchParams;
}) {
  const user = await getCurrentUser();
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
      <AuthForm
        kind={kind}
        returnTo={returnTo}
        initialErrors={carriedErrors(firstParam(searchParams.errors))}
      />
    </div>
  );
}
