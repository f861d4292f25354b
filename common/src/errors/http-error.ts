export interface ErrorItem {
  message: string;
  field?: string;
}

/** An error whose message is safe to show to the client, with the HTTP status it maps to. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  serialize(): ErrorItem[] {
    return [
      this.field === undefined ? { message: this.message } : { message: this.message, field: this.field },
    ];
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, field?: string) {
    super(400, message, field);
  }
}

export class RequestValidationError extends HttpError {
  constructor(readonly items: ErrorItem[]) {
    super(400, items[0]?.message ?? 'Invalid request');
  }

  override serialize(): ErrorItem[] {
    return this.items;
  }
}

export class NotAuthorizedError extends HttpError {
  constructor(message = 'Not signed in') {
    super(401, message);
  }
}

export class PaymentRequiredError extends HttpError {
  constructor(message: string) {
    super(402, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Not allowed') {
    super(403, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Not found') {
    super(404, message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}

/** The server is at a capacity limit it keeps on purpose (not broken): the client may retry after a moment. */
export class ServiceUnavailableError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, message);
  }
}
