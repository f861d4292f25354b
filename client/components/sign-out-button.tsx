'use client';

import { useState, type FormEvent } from 'react';
import { signOut } from '@/lib/api-browser';

/** Signs out through /api/users/signout; without JavaScript the form posts to /auth/session instead. */
export function SignOutButton({ className = 'link-button' }: { className?: string }) {
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    try {
      await signOut();
      // A full load, so every server-rendered part (the header too) forgets the user.
      window.location.assign('/');
    } catch {
      form.submit();
    }
  }

  return (
    <form method="post" action="/auth/session" onSubmit={onSubmit} className="inline-form">
      <input type="hidden" name="intent" value="signout" />
      <button type="submit" className={className} disabled={pending}>
        Sign out
      </button>
    </form>
  );
}
