import { ApiProperty } from '@nestjs/swagger';

export class AcceptedDto {
  @ApiProperty({ example: 1, description: 'Samples made durable by this request' })
  accepted!: number;
}

/** The old server's success answer, kept byte for byte: PLC programs may compare the body. */
export const LEGACY_STATE_ANSWER = [{ Message: 'State read successfully' }, 201] as const;
export const LEGACY_SENSOR_ANSWER = [{ Message: 'Sensor read successfully' }, 201] as const;

export const legacyAnswerSchema = (message: string) => ({
  type: 'array',
  description: "The old server's answer: a JSON array of a message object and the number 201",
  items: {},
  example: [{ Message: message }, 201],
});
