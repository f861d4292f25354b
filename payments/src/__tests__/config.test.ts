import { generateSessionKeys, loadConfig } from '@ticketing/common';
import { configShape } from '../config';

describe('configuration', () => {
  const base = {
    MONGO_URI: 'mongodb://db:27017/payments',
    JWT_PUBLIC_KEYS: JSON.stringify({ k: generateSessionKeys('k').publicKeyPem }),
    NATS_URL: 'nats://nats:4222',
  };

  it('when no Stripe variables are set (or they are empty), then both are absent', () => {
    for (const env of [base, { ...base, STRIPE_KEY: '', STRIPE_WEBHOOK_SECRET: '' }]) {
      const config = loadConfig(configShape, env);
      expect(config.STRIPE_KEY).toBeUndefined();
      expect(config.STRIPE_WEBHOOK_SECRET).toBeUndefined();
    }
  });

  it('when the Stripe variables are well formed, then they are read', () => {
    const config = loadConfig(configShape, {
      ...base,
      STRIPE_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    });
    expect(config).toMatchObject({
      STRIPE_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      PORT: 3000,
    });
  });

  it('when a Stripe variable is malformed, then loading fails naming it without echoing its value', () => {
    expect(() => loadConfig(configShape, { ...base, STRIPE_KEY: 'pk_test_publishable' })).toThrow(
      /STRIPE_KEY/,
    );
    expect(() => loadConfig(configShape, { ...base, STRIPE_KEY: 'pk_test_publishable' })).not.toThrow(
      /pk_test/,
    );
    expect(() => loadConfig(configShape, { ...base, STRIPE_WEBHOOK_SECRET: 'secret' })).toThrow(
      /STRIPE_WEBHOOK_SECRET/,
    );
  });

  it('when PAYMENT_MARGIN_SECONDS is not set, then payments keep 90 s before the lapse; a set value is read', () => {
    expect(loadConfig(configShape, base).PAYMENT_MARGIN_SECONDS).toBe(90);
    expect(loadConfig(configShape, { ...base, PAYMENT_MARGIN_SECONDS: '5' }).PAYMENT_MARGIN_SECONDS).toBe(5);
  });

  it('when PAYMENT_MARGIN_SECONDS is not a whole number of seconds >= 0, then loading fails naming it', () => {
    for (const value of ['-1', 'soon', '1.5']) {
      expect(() => loadConfig(configShape, { ...base, PAYMENT_MARGIN_SECONDS: value })).toThrow(
        /PAYMENT_MARGIN_SECONDS/,
      );
    }
  });
});
