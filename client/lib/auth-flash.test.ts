import { clearedFlashCookie, decodeFlash, encodeFlash, flashCookie, flashErrorsFor } from './auth-flash';

describe('the sign-in flash', () => {
  it('when a flash is written and read back, then the same errors come out', () => {
    const flash = { intent: 'signup' as const, errors: [{ message: 'Email in use', field: 'email' }] };
    expect(decodeFlash(encodeFlash(flash))).toEqual(flash);
  });

  it('when the service sends many or long messages, then the cookie stays small', () => {
    const errors = Array.from({ length: 50 }, () => ({ message: 'x'.repeat(5000) }));
    const cookie = flashCookie({ intent: 'signin', errors }, false);
    expect(cookie.length).toBeLessThan(4096);
    expect(decodeFlash(encodeFlash({ intent: 'signin', errors }))?.errors).toHaveLength(5);
  });

  it('when the value was not written by the server, then nothing is read from it', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const value of [
      undefined,
      '',
      'not base64 json',
      encode(null),
      encode({ intent: 'admin', errors: [] }),
      encode({ intent: 'signin', errors: [{ message: 1 }] }),
      encode({ intent: 'signin', errors: 'Invalid' }),
    ]) {
      expect(decodeFlash(value)).toBeNull();
    }
  });

  it('when a page reads a flash of another form, then it gets no errors', () => {
    const value = encodeFlash({ intent: 'signup', errors: [{ message: 'Email in use' }] });
    expect(flashErrorsFor('signin', value)).toEqual([]);
    expect(flashErrorsFor('signup', value)).toEqual([{ message: 'Email in use' }]);
  });

  it('when the cookie is set and cleared, then both are HttpOnly, SameSite=Lax and scoped to /auth', () => {
    for (const cookie of [flashCookie({ intent: 'signin', errors: [] }, true), clearedFlashCookie(true)]) {
      expect(cookie).toMatch(/; Path=\/auth; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    }
    expect(clearedFlashCookie(false)).toBe('auth_flash=; Path=/auth; Max-Age=0; HttpOnly; SameSite=Lax');
  });
});
