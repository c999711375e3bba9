import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiPayloadTooLargeResponse, ApiResponse } from '@nestjs/swagger';
import { ErrorBody, errorExample } from '../common/errors/error-body';

/** Error answers every ingest route shares; the PLC resends on 503 and drops on 400/413/422. */
export function ApiIngestErrors(): MethodDecorator {
  return applyDecorators(
    ApiBadRequestResponse({
      description: 'Invalid sample; nothing stored',
      type: ErrorBody,
      example: errorExample(400, 'Invalid request', [
        { field: 'SensorValue', message: 'SensorValue must be a finite number' },
      ]),
    }),
    ApiPayloadTooLargeResponse({
      description: 'Body larger than BODY_LIMIT',
      type: ErrorBody,
      example: errorExample(413, 'request entity too large'),
    }),
    ApiResponse({
      status: 422,
      description: 'The points cannot be stored at all; do not resend',
      type: ErrorBody,
      example: errorExample(
        422,
        'InfluxDB refused the points: field type conflict: input field "value" on measurement "GenericSensor" is type integer, already exists as type float',
      ),
    }),
    ApiResponse({
      status: 503,
      description:
        'Storage cannot take the points now (journal full, disk failing); nothing kept. Resend after Retry-After.',
      type: ErrorBody,
      example: errorExample(503, 'InfluxDB cannot take writes: connect ECONNREFUSED 10.0.0.5:8086'),
    }),
  );
}
