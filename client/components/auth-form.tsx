'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authenticate, errorsFrom } from '@/lib/api-browser';
import { sortErrors } from '@/lib/api-errors';
import type { ApiErrorItem } from '@/lib/types';
import { FieldError, FormErrors, fieldProps } from './form-errors';

type Kind = 'signin' | 'signup';

const COPY: Record<
  Kind,
  { submit: string; pending: string; other: string; otherHref: string; otherPrompt: string }
> = {
  signin: {
    submit: 'Sign in',
    pending: 'Signing in…',
    other: 'Create an account',
    otherHref: '/auth/signup',
    otherPrompt: 'New here?',
  },
  signup: {
    submit: 'Create account',
    pending: 'Creating account…',
    other: 'Sign in',
    otherHref: '/auth/signin',
    otherPrompt: 'Already have an account?',
  },
};

const FIELDS = ['email', 'password'] as const;

/**
 * With JavaScript the form calls /api/users/{signin,signup} (the browser stores the session cookie) and
 * reloads into `returnTo`; without it the form posts to /auth/session, which answers with a redirect.
 */
export function AuthForm({
  kind,
  returnTo,
  initialErrors = [],
}: {
  kind: Kind;
  returnTo: string;
  initialErrors?: ApiErrorItem[];
}) {
  const [errors, setErrors] = useState<ApiErrorItem[]>(initialErrors);
  const [pending, setPending] = useState(false);
  const copy = COPY[kind];
  const { byField, general } = sortErrors(errors, FIELDS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setErrors([]);
    try {
      await authenticate(kind, {
        email: String(data.get('email') ?? ''),
        password: String(data.get('password') ?? ''),
      });
      // A full load, so the server-rendered header and pages see the new session.
      window.location.assign(returnTo);
    } catch (error) {
      setErrors(errorsFrom(error));
      setPending(false);
    }
  }

  return (
    <form method="post" action="/auth/session" onSubmit={onSubmit} className="form card">
      <input type="hidden" name="intent" value={kind} />
      <input type="hidden" name="next" value={returnTo} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          {...fieldProps('email', byField.email)}
        />
        <FieldError id="email-error" message={byField.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={kind === 'signup' ? 'new-password' : 'current-password'}
          required
          minLength={kind === 'signup' ? 8 : undefined}
          maxLength={128}
          {...fieldProps('password', byField.password)}
          aria-describedby={
            [kind === 'signup' ? 'password-hint' : '', byField.password ? 'password-error' : '']
              .filter(Boolean)
              .join(' ') || undefined
          }
        />
        {kind === 'signup' ? (
          <p id="password-hint" className="hint">
            8 to 128 characters.
          </p>
        ) : null}
        <FieldError id="password-error" message={byField.password} />
      </div>
      <FormErrors messages={general} />
      <button type="submit" className="button button--block" disabled={pending}>
        {pending ? copy.pending : copy.submit}
      </button>
      <p className="form__aside">
        {copy.otherPrompt}{' '}
        <Link href={`${copy.otherHref}?next=${encodeURIComponent(returnTo)}`}>{copy.other}</Link>
      </p>
    </form>
  );
}
