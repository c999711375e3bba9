import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiPayloadTooLargeResponse, ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../common/errors/error-body';

/** Error answers every ingest route shares; the PLC resends on 503 and drops on 400/413/422. */
export function ApiIngestErrors(): MethodDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ description: 'Invalid sample; nothing stored', type: ErrorBody }),
    ApiPayloadTooLargeResponse({ description: 'Body larger than BODY_LIMIT', type: ErrorBody }),
    ApiResponse({
      status: 422,
      description: 'The points cannot be stored at all; do not resend',
      type: ErrorBody,
    }),
    ApiResponse({
      status: 503,
      description:
        'Storage cannot take the points now (journal full, disk failing); nothing kept. Resend after Retry-After.',
      type: ErrorBody,
    }),
  );
}
