import { serviceEnv, type PlatformOptions } from './platform';

const options: PlatformOptions = {
  port: 3000,
  eventBus: 'stan',
  expirationWindowSeconds: 900,
  dir: '/tmp/unused',
  ports: 'free',
  withClient: false,
};
const deps = { MONGO_URI: 'mongodb://127.0.0.1:27017', NATS_STREAMING_URL: 'nats://127.0.0.1:4222' };
const authEnv = (base: NodeJS.ProcessEnv) => serviceEnv('auth', base, deps, options, 'k'.repeat(32), 4000);

describe('the environment the platform gives auth', () => {
  it('when nothing is set, then the sign-up limits are raised for the many sign-ups from this one machine', () => {
    expect(authEnv({ PATH: '/usr/bin' })).toMatchObject({
      SIGNUP_LIMIT_PER_ADDRESS: '100000',
      SIGNUP_LIMIT_PER_MINUTE: '100000',
    });
  });

  it('when the sign-up limits are set, then auth gets them as set', () => {
    const env = authEnv({ SIGNUP_LIMIT_PER_ADDRESS: '20', SIGNUP_LIMIT_PER_MINUTE: '300' });
    expect(env).toMatchObject({ SIGNUP_LIMIT_PER_ADDRESS: '20', SIGNUP_LIMIT_PER_MINUTE: '300' });
  });

  it('when another service starts, then it gets no sign-up limits', () => {
    const env = serviceEnv('tickets', {}, deps, options, 'k'.repeat(32), 4001);
    expect(env.SIGNUP_LIMIT_PER_ADDRESS).toBeUndefined();
  });
});
