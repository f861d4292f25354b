/** One idempotency key per order and operation: retries and racing paths never charge or refund twice. */
export const chargeKey = (orderId: string) => `charge-${orderId}`;
export const confirmKey = (orderId: string) => `confirm-${orderId}`;
export const cancelKey = (orderId: string) => `cancel-${orderId}`;
export const refundKey = (orderId: string) => `refund-${orderId}`;
