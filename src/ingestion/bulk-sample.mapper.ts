import type { Sample, SensorSample } from '../common/domain/sample';
import type { BatchDto } from './dto/batch.dto';
import type { SeriesDto } from './dto/series.dto';
import { sensorOf, stateOf, vibrationOf } from './sample.mapper';
import { parseTimeStamp } from './validation/time-stamp';

/** Batch → samples, in the batch's order; an item's own LineName/MachineName win over the batch's. */
export function batchSamples(dto: BatchDto, receivedAt: number): Sample[] {
  const items = dto.Samples;
  const out = new Array<Sample>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const line = item.LineName ?? dto.LineName;
    const machine = item.MachineName ?? dto.MachineName;
    switch (item.Type) {
      case 'sensor':
        out[i] = sensorOf(item, line, machine, receivedAt);
        break;
      case 'state':
        out[i] = stateOf(item, line, machine, receivedAt);
        break;
      case 'vibration':
        out[i] = vibrationOf(item, line, machine, receivedAt);
        break;
    }
  }
  return out;
}

/** Series → one sensor sample per value, timed by StartTime + i·IntervalMs or by TimeStamps[i]. */
export function seriesSamples(dto: SeriesDto): SensorSample[] {
  const { LineName: line, MachineName: machine, SensorName: name, Values: values } = dto;
  const stamps = dto.TimeStamps ?? undefined;
  const start = stamps ? 0 : parseTimeStamp(dto.StartTime)!;
  const interval = dto.IntervalMs ?? 0;
  const out = new Array<SensorSample>(values.length);
  for (let i = 0; i < values.length; i++) {
    const time = stamps ? parseTimeStamp(stamps[i])! : start + i * interval;
    out[i] = { kind: 'sensor', line, machine, name, value: values[i], time };
  }
  return out;
}
