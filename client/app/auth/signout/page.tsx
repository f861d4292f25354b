import type { Metadata } from 'next';
import Link from 'next/link';
import { SignOutButton } from '@/components/sign-out-button';
import { getCurrentUser } from '@/lib/api-server';

export const metadata: Metadata = { title: 'Sign out' };

// Signing out changes state, so it takes a button press (a POST), never just a visit to this page.
export default async function SignOutPage() {
  const user = await getCurrentUser();
  return (
    <div className="narrow">
      <h1>Sign out</h1>
      {user ? (
        <div className="card form">
          <p>You are signed in as {user.email}.</p>
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
