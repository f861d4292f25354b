import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { FormErrors } from '@/components/form-errors';
import { SignOutButton } from '@/components/sign-out-button';
import { getCurrentUser } from '@/lib/api-server';
import { FLASH_COOKIE, flashErrorsFor } from '@/lib/auth-flash';

export const metadata: Metadata = { title: 'Sign out' };

// Signing out changes state, so it takes a button press (a POST), never just a visit to this page.
export default async function SignOutPage() {
  const user = await getCurrentUser();
  const errors = flashErrorsFor('signout', (await cookies()).get(FLASH_COOKIE)?.value);
  return (
    <div className="narrow">
      <h1>Sign out</h1>
      {user ? (
        <div className="card form">
          <p>You are signed in as {user.email}.</p>
          <FormErrors messages={errors.map((error) => error.message)} />
          <SignOutButton className="button button--block" />
        </div>
      ) : (
        <div className="card form">
          <p>You are signed out.</p>
          <p className="actions">
            <Link href="/auth/signin" className="button">
              Sign in
            </Link>
            <Link href="/">Browse tickets</Link>
          </p>
        </div>
      )}
    </div>
  );
}
