import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { getCurrentUser } from '@/lib/api-server';
import type { CurrentUser } from '@/lib/types';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';

/** The visitor, or 'unknown' when the auth service cannot say: browsing goes on without the account links. */
async function visitor(): Promise<CurrentUser | null | 'unknown'> {
  try {
    return await getCurrentUser();
  } catch (error) {
    unstable_rethrow(error);
    console.error('header: could not read the current user', error);
    return 'unknown';
  }
}

export async function Header() {
  const found = await visitor();
  const user = found === 'unknown' ? null : found;
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href="/" className="brand">
          <span aria-hidden="true" className="brand__mark">
            ◆
          </span>
          Ticketing
        </Link>
        <nav aria-label="Main" className="site-nav">
          <ul>
            <li>
              <NavLink href="/">Buy</NavLink>
            </li>
            <li>
              <NavLink href="/tickets/new">Sell</NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink href="/orders">My orders</NavLink>
                </li>
                <li>
                  <NavLink href="/listings">My listings</NavLink>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
        <div className="session">
          {found === 'unknown' ? (
            <span className="session__email">Accounts are unavailable right now</span>
          ) : user ? (
            <>
              <span className="session__email" title={user.email}>
                <span className="visually-hidden">Signed in as </span>
                {user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/auth/signin" className="nav-link">
                Sign in
              </Link>
              <Link href="/auth/signup" className="button button--small">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
