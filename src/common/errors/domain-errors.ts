/**
 * Errors thrown below the controllers. Each has a stable `code`; the one global filter
 * (http-exception.filter.ts) maps codes to HTTP statuses and to the shared error body.
 * Domain code never throws Nest's HttpException.
 */
export interface FieldError {
  /** Path of the offending field as the client wrote it, e.g. `SensorValue` or `Samples[3].SensorValue`. */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request's content is wrong: nothing of it is stored and resending it will not help. */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input';
}

/** The body is larger than a limit (BODY_LIMIT, batch or series length). */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** The request conflicts with current state (duplicate order number, illegal status change). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** Nothing was done; the client should resend after `retryAfterSeconds` (sent as Retry-After). */
export abstract class RetryLaterError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

/**
 * The points could not be made durable in time (InfluxDB unreachable, disk full). Nothing was
 * acknowledged; the client should resend after `retryAfterSeconds`.
 */
export class StorageUnavailableError extends RetryLaterError {
  readonly code = 'storage_unavailable';
}

/**
 * The storage refused the points as data (e.g. an InfluxDB field type conflict). Resending the
 * same request will be refused again, so this is a 4xx, never a 2xx.
 */
export class StorageRejectedError extends DomainError {
  readonly code = 'storage_rejected';
}

/** No API key, or one that is not configured. */
export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}

/** A known API key without the role the route needs. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** The key (or client) sent more than RATE_LIMIT_PER_SECOND; resend after `retryAfterSeconds`. */
export class RateLimitedError extends RetryLaterError {
  readonly code = 'rate_limited';
}
