import { generateSessionKeys, loadConfig, sessionSigner } from '@ticketing/common';
import { authConfigShape } from './config';

const keys = generateSessionKeys('key-1');
const required = {
  MONGO_URI: 'mongodb://localhost:27017/auth',
  JWT_PUBLIC_KEYS: JSON.stringify({ 'key-1': keys.publicKeyPem }),
  JWT_PRIVATE_KEY: keys.privateKeyPem,
  JWT_KEY_ID: 'key-1',
  NATS_URL: 'nats://nats:4222',
};

describe('auth configuration', () => {
  it('when only the required variables are set, then the abuse limits take their production defaults', () => {
    const config = loadConfig(authConfigShape, required);
    expect(config).toMatchObject({
      MONGO_WRITE_CONCERN: 'majority',
      SIGNUP_LIMIT_PER_ADDRESS: 20,
      SIGNUP_LIMIT_PER_MINUTE: 300,
      TRUST_PROXY_HOPS: 1,
    });
  });

  it('when auth starts, then it reads the bus settings as every service does (it publishes session:revoked)', () => {
    const config = loadConfig(authConfigShape, { ...required, EVENT_BUS: 'jetstream' });
    expect(config).toMatchObject({ EVENT_BUS: 'jetstream', NATS_URL: 'nats://nats:4222' });
    expect(config.NATS_CLIENT_ID).toMatch(/^auth-service-/);
    expect(() => loadConfig(authConfigShape, { ...required, NATS_URL: undefined })).toThrow('NATS_URL');
  });

  it('when the limits and proxy hops are set, then they come back as numbers', () => {
    const config = loadConfig(authConfigShape, {
      ...required,
      SIGNUP_LIMIT_PER_ADDRESS: '100000',
      SIGNUP_LIMIT_PER_MINUTE: '5000',
      TRUST_PROXY_HOPS: '2',
    });
    expect(config).toMatchObject({
      SIGNUP_LIMIT_PER_ADDRESS: 100_000,
      SIGNUP_LIMIT_PER_MINUTE: 5000,
      TRUST_PROXY_HOPS: 2,
    });
  });

  it.each([
    ['SIGNUP_LIMIT_PER_ADDRESS', '0'],
    ['SIGNUP_LIMIT_PER_ADDRESS', 'many'],
    ['SIGNUP_LIMIT_PER_ADDRESS', '2.5'],
    ['SIGNUP_LIMIT_PER_MINUTE', '-1'],
    ['TRUST_PROXY_HOPS', '-1'],
    ['TRUST_PROXY_HOPS', 'true'],
  ])('when %s is %j, then the configuration is refused naming it', (name, value) => {
    expect(() => loadConfig(authConfigShape, { ...required, [name]: value })).toThrow(name);
  });

  it('when the signing key is listed among the public keys, then auth signs with it', () => {
    const config = loadConfig(authConfigShape, required);
    const signer = sessionSigner(config.JWT_PRIVATE_KEY, config.JWT_KEY_ID, config.JWT_PUBLIC_KEYS);
    expect(signer.keyId).toBe('key-1');
  });

  it('when the signing key id is not listed, then auth refuses to start naming it', () => {
    const config = loadConfig(authConfigShape, { ...required, JWT_KEY_ID: 'key-2' });
    expect(() => sessionSigner(config.JWT_PRIVATE_KEY, config.JWT_KEY_ID, config.JWT_PUBLIC_KEYS)).toThrow(
      'JWT_KEY_ID key-2 is not listed in JWT_PUBLIC_KEYS',
    );
  });

  it("when the listed public key is not the private key's, then auth refuses to start", () => {
    const other = generateSessionKeys('key-1');
    const config = loadConfig(authConfigShape, {
      ...required,
      JWT_PUBLIC_KEYS: JSON.stringify({ 'key-1': other.publicKeyPem }),
    });
    expect(() => sessionSigner(config.JWT_PRIVATE_KEY, config.JWT_KEY_ID, config.JWT_PUBLIC_KEYS)).toThrow(
      "JWT_PUBLIC_KEYS lists another public key than JWT_PRIVATE_KEY's under key-1",
    );
  });
});
