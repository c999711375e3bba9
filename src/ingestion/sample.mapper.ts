import type { SensorSample, StateSample, VibrationSample } from '../common/domain/sample';
import type { GenericSensorDto } from './dto/generic-sensor.dto';
import type { GenericStateDto } from './dto/generic-state.dto';
import type { VibrationSensorDto } from './dto/vibration-sensor.dto';
import { parseTimeStamp } from './validation/time-stamp';

/**
 * DTO → domain. Runs after validation, so every field already has its contracted type. The
 * `…Of` forms take line and machine apart, for batch items that inherit them from the batch.
 */
type Fields<T> = Omit<T, 'LineName' | 'MachineName'>;

function sampleTime(timeStamp: number | string | undefined, receivedAt: number): number {
  return timeStamp === undefined ? receivedAt : parseTimeStamp(timeStamp)!;
}

export function stateSample(dto: GenericStateDto, receivedAt: number): StateSample {
  return stateOf(dto, dto.LineName, dto.MachineName, receivedAt);
}

export function sensorSample(dto: GenericSensorDto, receivedAt: number): SensorSample {
  return sensorOf(dto, dto.LineName, dto.MachineName, receivedAt);
}

export function vibrationSample(dto: VibrationSensorDto, receivedAt: number): VibrationSample {
  return vibrationOf(dto, dto.LineName, dto.MachineName, receivedAt);
}

export function stateOf(
  dto: Fields<GenericStateDto>,
  line: string,
  machine: string,
  receivedAt: number,
): StateSample {
  return {
    kind: 'state',
    line,
    machine,
    name: dto.StateName,
    value: typeof dto.StateValue === 'boolean' ? (dto.StateValue ? 1 : 0) : dto.StateValue,
    time: sampleTime(dto.TimeStamp, receivedAt),
  };
}

export function sensorOf(
  dto: Fields<GenericSensorDto>,
  line: string,
  machine: string,
  receivedAt: number,
): SensorSample {
  return {
    kind: 'sensor',
    line,
    machine,
    name: dto.SensorName,
    value: dto.SensorValue,
    time: sampleTime(dto.TimeStamp, receivedAt),
  };
}

export function vibrationOf(
  dto: Fields<VibrationSensorDto>,
  line: string,
  machine: string,
  receivedAt: number,
): VibrationSample {
  const { VibAccelTotRmsX: x, VibAccelTotRmsY: y, VibAccelTotRmsZ: z } = dto;
  return {
    kind: 'vibration',
    line,
    machine,
    name: dto.SensorName,
    x,
    y,
    z,
    total: Math.hypot(x, y, z),
    time: sampleTime(dto.TimeStamp, receivedAt),
  };
}
