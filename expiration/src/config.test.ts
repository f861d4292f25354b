import { loadConfig } from '@ticketing/common';
import { configShape } from './config';

const valid = { REDIS_URL: 'redis://redis:6379', NATS_URL: 'nats://nats:4222' };

describe('configuration', () => {
  it('when only Redis and NATS are given, then the rest takes its defaults (no database, no JWT key)', () => {
    const config = loadConfig(configShape, valid);

    expect(config).toMatchObject({ PORT: 3000, REDIS_URL: 'redis://redis:6379', EVENT_BUS: 'stan' });
    expect(config.NATS_CLIENT_ID).toMatch(/^expiration-/);
  });

  it('when REDIS_URL is missing, then loading fails naming it', () => {
    expect(() => loadConfig(configShape, { NATS_URL: valid.NATS_URL })).toThrow(/REDIS_URL/);
  });

  it('when REDIS_URL is not a redis:// URL, then loading fails naming it', () => {
    expect(() => loadConfig(configShape, { ...valid, REDIS_URL: 'http://redis:6379' })).toThrow(
      /REDIS_URL must be a redis:\/\/ URL/,
    );
  });

  it('when a TLS rediss:// URL is given, then it is accepted', () => {
    expect(
      loadConfig(configShape, { ...valid, REDIS_URL: 'rediss://user:secret@redis:6380/0' }).REDIS_URL,
    ).toBe('rediss://user:secret@redis:6380/0');
  });
});
