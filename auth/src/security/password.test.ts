import { randomBytes, scryptSync } from 'node:crypto';
import { SCRYPT_BLOCK_SIZE, SCRYPT_COST, SCRYPT_PARALLELISM, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('when a password is hashed, then the hash names scrypt, its parameters, a 16-byte salt and a 64-byte key', async () => {
    const hash = await hashPassword('correct horse battery');
    const [scheme, n, r, p, salt, key] = hash.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual([
      'scrypt',
      SCRYPT_COST,
      SCRYPT_BLOCK_SIZE,
      SCRYPT_PARALLELISM,
    ]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
    expect(hash).not.toContain('correct horse battery');
  });

  it('when one password is hashed twice, then the salts and hashes differ', async () => {
    const [first, second] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
  });

  it('when the right password is given, then it verifies; a wrong or differently-cased one does not', async () => {
    const hash = await hashPassword('Correct Horse');
    await expect(verifyPassword('Correct Horse', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse', hash)).resolves.toBe(false);
    await expect(verifyPassword('Correct Horse ', hash)).resolves.toBe(false);
  });

  it('when a hash was made with other scrypt parameters, then it still verifies with its own', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('older password', salt, 64, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    await expect(verifyPassword('older password', stored)).resolves.toBe(true);
    await expect(verifyPassword('other password', stored)).resolves.toBe(false);
  });

  it('when the stored value is not a hash this module made, then nothing verifies against it', async () => {
    for (const stored of [
      '',
      'plain-text-password',
      'scrypt$x$8$1$c2FsdA==$a2V5',
      'bcrypt$10$abc',
      'scrypt$1024$8$1$$',
    ]) {
      await expect(verifyPassword('plain-text-password', stored)).resolves.toBe(false);
    }
  });
});
