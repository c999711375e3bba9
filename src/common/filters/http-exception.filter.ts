import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import {
  DomainError,
  FieldError,
  RetryLaterError,
  UnauthorizedError,
} from '../errors/domain-errors';

const STATUS_BY_CODE: Record<string, number> = {
  invalid_input: HttpStatus.BAD_REQUEST,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  storage_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  storage_rejected: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
};

export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  errors: FieldError[];
}

export function errorBody(
  statusCode: number,
  message: string,
  errors: FieldError[] = [],
): ErrorResponse {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, errors };
}

/**
 * Maps every error to the shared body `{statusCode, error, message, errors}`: typed domain errors
 * by their code, Nest/Express HTTP errors by their status, and anything else to a logged 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && !(exception instanceof DomainError)) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    // Setting a header after the answer started would throw inside the filter itself.
    if (res.headersSent) return;
    if (exception instanceof RetryLaterError) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    // RFC 9110: a 401 names the scheme to use; X-API-Key has no registered name, Bearer does.
    if (exception instanceof UnauthorizedError) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorResponse {
    if (exception instanceof DomainError) {
      return errorBody(STATUS_BY_CODE[exception.code] ?? 500, exception.message, exception.errors);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : String((response as { message?: unknown }).message ?? exception.message);
      return errorBody(status, message);
    }
    // Errors raised by Express middleware (body-parser) carry a status of their own.
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return errorBody(status, (exception as Error).message);
    }
    return errorBody(500, 'Internal server error');
  }
}
