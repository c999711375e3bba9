import type { SensorSample, StateSample, VibrationSample } from '../common/domain/sample';
import type { GenericSensorDto } from './dto/generic-sensor.dto';
import type { GenericStateDto } from './dto/generic-state.dto';
import type { SampleHeaderDto } from './dto/sample-header.dto';
import type { VibrationSensorDto } from './dto/vibration-sensor.dto';
import { parseTimeStamp } from './validation/time-stamp';

/** DTO → domain. Runs after validation, so every field already has its contracted type. */
function sampleTime(dto: SampleHeaderDto, receivedAt: number): number {
  return dto.TimeStamp === undefined ? receivedAt : parseTimeStamp(dto.TimeStamp)!;
}

export function stateSample(dto: GenericStateDto, receivedAt: number): StateSample {
  return {
    kind: 'state',
    line: dto.LineName,
    machine: dto.MachineName,
    name: dto.StateName,
    value: typeof dto.StateValue === 'boolean' ? (dto.StateValue ? 1 : 0) : dto.StateValue,
    time: sampleTime(dto, receivedAt),
  };
}

export function sensorSample(dto: GenericSensorDto, receivedAt: number): SensorSample {
  return {
    kind: 'sensor',
    line: dto.LineName,
    machine: dto.MachineName,
    name: dto.SensorName,
    value: dto.SensorValue,
    time: sampleTime(dto, receivedAt),
  };
}

export function vibrationSample(dto: VibrationSensorDto, receivedAt: number): VibrationSample {
  const { VibAccelTotRmsX: x, VibAccelTotRmsY: y, VibAccelTotRmsZ: z } = dto;
  return {
    kind: 'vibration',
    line: dto.LineName,
    machine: dto.MachineName,
    name: dto.SensorName,
    x,
    y,
    z,
    total: Math.hypot(x, y, z),
    time: sampleTime(dto, receivedAt),
  };
}
