import { ApiProperty } from '@nestjs/swagger';
import { errorBody } from '../filters/http-exception.filter';

export class FieldErrorBody {
  @ApiProperty({ example: 'SensorValue', description: 'Path of the offending field' })
  field!: string;
  @ApiProperty({ example: 'SensorValue must be a finite number' })
  message!: string;
}

/** The one error body every route answers with. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;
  @ApiProperty({ example: 'Bad Request' })
  error!: string;
  @ApiProperty({ example: 'Invalid sample' })
  message!: string;
  @ApiProperty({ type: [FieldErrorBody] })
  errors!: FieldErrorBody[];
}

/** An ErrorBody as the filter writes it, for response examples in the OpenAPI document. */
export function errorExample(
  statusCode: number,
  message: string,
  errors: FieldErrorBody[] = [],
): ErrorBody {
  return errorBody(statusCode, message, errors);
}
