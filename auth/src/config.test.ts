import { loadConfig } from '@ticketing/common';
import { authConfigShape } from './config';

const required = { MONGO_URI: 'mongodb://localhost:27017/auth', JWT_KEY: 'a-key-of-sixteen-chars' };

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
});
