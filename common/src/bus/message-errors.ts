/**
 * Thrown by a handler that knows this message can never be handled, however often it comes back (it refers to
 * something that cannot exist, it breaks a rule no later state can satisfy). It goes to the dead-letter subject,
 * from where it can be listed and replayed once the cause is fixed. Any other error is retried, never
 * dead-lettered.
 */
export class UnprocessableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Thrown by a handler when the message is valid but not due yet (e.g. an expiration that arrives before the
 * order's own lapse time by this service's clock). It is delivered again after about `delayMs` where the
 * transport can schedule that (JetStream), else after the ack wait (NATS Streaming); it is not a failure.
 */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    message = `not due yet; retry in ${delayMs} ms`,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
