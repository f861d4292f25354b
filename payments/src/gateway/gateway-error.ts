/** Payment method and token ids that Stripe may quote in its messages; never written to logs. */
const PAYMENT_REFERENCE = /\b(pm|tok|card|src|seti)_[A-Za-z0-9_]+/g;

/**
 * What may be logged about a gateway failure: never the error object itself, whose raw response can carry
 * payment method details.
 */
export function describeGatewayError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: 'non-error thrown' };
  const { type, code, statusCode, requestId } = err as Error & {
    type?: unknown;
    code?: unknown;
    statusCode?: unknown;
    requestId?: unknown;
  };
  return {
    name: err.name,
    message: err.message.replace(PAYMENT_REFERENCE, '$1_[redacted]'),
    type,
    code,
    statusCode,
    requestId,
  };
}

/** A failed gateway call as it may travel on to the error handler or the bus's retry log: details made safe. */
export class GatewayError extends Error {
  readonly gateway: Record<string, unknown>;

  constructor(operation: string, err: unknown) {
    const gateway = describeGatewayError(err);
    super(`${operation} failed: ${String(gateway.message ?? gateway.error)}`);
    this.name = 'GatewayError';
    this.gateway = gateway;
  }
}

/** Runs a gateway call, turning whatever it throws into a GatewayError. */
export async function safely<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new GatewayError(operation, err);
  }
}
