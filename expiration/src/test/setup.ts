// Every suite of this service runs against the real Redis that scripts/with-deps.sh starts; say so plainly
// instead of letting each queue retry a connection that can never succeed.
if (!process.env.REDIS_URL) {
  throw new Error('REDIS_URL is not set: run the suite through scripts/with-deps.sh');
}
