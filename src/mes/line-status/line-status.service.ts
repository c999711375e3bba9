import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../../common/errors/domain-errors';
import { AnomalyKind, DEFAULT_ANOMALY_LIMIT } from '../dto/line-anomalies-query.dto';
import type {
  LineAnomaliesDto,
  LineAnomalyDto,
  LineAnomalyEventDto,
} from '../dto/line-anomalies.dto';
import type { LineStatusDto, MachineStatusDto } from '../dto/line-status.dto';
import type { LineListDto } from '../dto/line-summary.dto';
import { AnomalyReader } from './anomaly-reader';
import { LatestState } from './latest-state';
import type { MachineStatus, RecentAnomaly, RecentAnomalyEvent } from './latest-state.types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AnomalyRange {
  from?: number;
  to?: number;
  limit?: number;
  /** Default: points. */
  kind?: AnomalyKind;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Line views for the MES: LatestState and the anomaly reader, with times as ISO-8601. */
@Injectable()
export class LineStatusService {
  constructor(
    private readonly latest: LatestState,
    private readonly anomalies: AnomalyReader,
  ) {}

  listLines(): LineListDto {
    return {
      lines: this.latest.listLines().map((l) => ({ ...l, lastSeen: iso(l.lastSeen) })),
    };
  }

  getStatus(lineName: string, now: number = Date.now()): LineStatusDto {
    const status = this.latest.lineStatus(lineName, now);
    if (!status) {
      throw new NotFoundError(`Nothing has been received for line ${JSON.stringify(lineName)}`);
    }
    return { lineName, machines: status.machines.map(toMachineDto) };
  }

  /**
   * No 404 for a line this instance has not seen: InfluxDB may well hold its anomalies, and an
   * empty list says the same thing in memory mode.
   */
  async listAnomalies(
    lineName: string,
    range: AnomalyRange,
    now: number = Date.now(),
  ): Promise<LineAnomaliesDto> {
    const to = range.to ?? now;
    const from = range.from ?? to - DAY_MS;
    if (from > to) {
      throw new InvalidInputError('Invalid time range', [
        { field: 'from', message: 'from must not be after to' },
      ]);
    }
    const query = { line: lineName, from, to, limit: range.limit ?? DEFAULT_ANOMALY_LIMIT };
    const kind = range.kind ?? 'points';
    const [points, events] = await Promise.all([
      kind === 'events' ? [] : this.anomalies.find(query),
      kind === 'points' ? undefined : this.anomalies.findEvents(query),
    ]);
    const out: LineAnomaliesDto = {
      lineName,
      source: this.anomalies.source,
      anomalies: points.map(toAnomalyDto),
    };
    if (events !== undefined) out.events = events.map(toEventDto);
    return out;
  }
}

function toMachineDto(m: MachineStatus): MachineStatusDto {
  return {
    machineName: m.machineName,
    lastSeen: iso(m.lastSeen),
    lastSampleTime: iso(m.lastSampleTime),
    stale: m.stale,
    states: m.states.map((s) => ({ ...s, time: iso(s.time) })),
    sensors: m.sensors.map((s) => ({ ...s, time: iso(s.time) })),
    vibrations: m.vibrations.map((v) => ({ ...v, time: iso(v.time) })),
  };
}

function toAnomalyDto(a: RecentAnomaly): LineAnomalyDto {
  return {
    time: iso(a.time),
    lineName: a.line,
    machineName: a.machine,
    sensorName: a.sensor,
    kind: a.kind,
    value: a.value,
    zScore: a.zScore,
    modelAvg: a.modelAvg,
    threshold: a.threshold,
    anomalyRatio: a.anomalyRatio,
  };
}

function toEventDto(e: RecentAnomalyEvent): LineAnomalyEventDto {
  return {
    start: iso(e.start),
    end: iso(e.end),
    lineName: e.line,
    machineName: e.machine,
    sensorName: e.sensor,
    kind: e.kind,
    samples: e.samples,
    peakZ: e.peakZ,
    peakAbsZ: Math.abs(e.peakZ),
  };
}
