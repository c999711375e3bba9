import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { DetectionResult, ScoredSample } from '../../common/domain/sample';
import type { AppConfig } from '../../config';
import { AnomalyRing } from './anomaly-ring';
import type {
  LineStatus,
  LineSummary,
  MachineStatus,
  RecentAnomaly,
  RecentAnomalyEvent,
} from './latest-state.types';
import { MachineCell, byName, machineStatus, newMachineCell } from './machine-cell';
import {
  LatestStateSnapshot,
  cellFromSnapshot,
  cellSnapshot,
  checkLatestStateSnapshot,
} from './latest-state.snapshot';

/**
 * Latest value per (line, machine, name) and a bounded ring of recent anomalies, fed by the
 * ingestion service once points are durable. `record` runs for every sample, so it only does map
 * look-ups and in-place updates: no copies, no sorting, one allocation per new series or anomaly.
 * The read side (MES API, a few calls a minute) pays for copying and sorting instead.
 *
 * Detection results are kept by reference: a detector must not mutate a result it returned.
 */
@Injectable()
export class LatestState {
  private readonly lines = new Map<string, Map<string, MachineCell>>();
  private readonly ring: AnomalyRing<RecentAnomaly>;
  /** Ended anomaly runs, bounded by the same RECENT_ANOMALIES_SIZE. */
  private readonly events: AnomalyRing<RecentAnomalyEvent>;
  readonly staleAfterMs: number;

  constructor(config: ConfigService<AppConfig, true>) {
    const mes = config.get('mes', { infer: true });
    this.ring = new AnomalyRing(mes.recentAnomalies);
    this.events = new AnomalyRing(mes.recentAnomalies);
    this.staleAfterMs = mes.staleAfterMs;
  }

  /**
   * Takes in samples that were just made durable. `receivedAt` (this server's clock) drives
   * lastSeen and staleness; sample times may be old (buffered batches), so an older sample never
   * replaces a newer latest value.
   */
  record(samples: readonly ScoredSample[], receivedAt: number = Date.now()): void {
    let lineName: string | undefined;
    let machines: Map<string, MachineCell> | undefined;
    let machineName: string | undefined;
    let cell: MachineCell | undefined;
    for (const s of samples) {
      // Batches are almost always one line and machine: look them up once, not per sample.
      if (machines === undefined || s.line !== lineName) {
        lineName = s.line;
        machines = this.lines.get(lineName);
        if (!machines) this.lines.set(lineName, (machines = new Map()));
        cell = undefined;
      }
      if (cell === undefined || s.machine !== machineName) {
        machineName = s.machine;
        cell = machines.get(machineName);
        if (!cell) machines.set(machineName, (cell = newMachineCell()));
      }
      if (receivedAt > cell.lastSeen) cell.lastSeen = receivedAt;
      if (s.time > cell.lastSampleTime) cell.lastSampleTime = s.time;

      if (s.kind === 'state') {
        const e = cell.states.get(s.name);
        if (!e) cell.states.set(s.name, { value: s.value, time: s.time });
        else if (s.time >= e.time) {
          e.value = s.value;
          e.time = s.time;
        }
      } else if (s.kind === 'sensor') {
        const e = cell.sensors.get(s.name);
        if (!e) cell.sensors.set(s.name, { value: s.value, time: s.time, analytics: s.analytics });
        else if (s.time >= e.time) {
          e.value = s.value;
          e.time = s.time;
          e.analytics = s.analytics;
        }
        if (s.analytics?.anomaly)
          this.pushAnomaly(s.line, s.machine, s.name, 'sensor', s.time, s.value, s.analytics);
        else if (s.analytics?.endedRun)
          this.pushEvent(s.line, s.machine, s.name, 'sensor', s.analytics);
      } else {
        const e = cell.vibrations.get(s.name);
        if (!e) {
          cell.vibrations.set(s.name, {
            x: s.x,
            y: s.y,
            z: s.z,
            total: s.total,
            time: s.time,
            analytics: s.analytics,
          });
        } else if (s.time >= e.time) {
          e.x = s.x;
          e.y = s.y;
          e.z = s.z;
          e.total = s.total;
          e.time = s.time;
          e.analytics = s.analytics;
        }
        if (s.analytics?.anomaly)
          this.pushAnomaly(s.line, s.machine, s.name, 'vibration', s.time, s.total, s.analytics);
        else if (s.analytics?.endedRun) {
          this.pushEvent(s.line, s.machine, s.name, 'vibration', s.analytics);
        }
      }
    }
  }

  /**
   * A JSON text of everything held, taken at once: the cells change in place on every sample, so
   * the text is made now rather than when the snapshot is written.
   */
  snapshot(): string {
    const snapshot: LatestStateSnapshot = {
      version: 1,
      lines: [...this.lines].map(([line, machines]) => ({
        line,
        machines: [...machines].map(([machine, cell]) => ({ machine, cell: cellSnapshot(cell) })),
      })),
      anomalies: this.ring.newestFirst().reverse(),
      events: this.events.newestFirst().reverse(),
    };
    return JSON.stringify(snapshot);
  }

  /** Replaces what is held with a snapshot() (parsed); throws a RangeError when it is invalid. */
  restore(snapshot: unknown): void {
    checkLatestStateSnapshot(snapshot);
    this.lines.clear();
    for (const { line, machines } of snapshot.lines) {
      this.lines.set(line, new Map(machines.map((m) => [m.machine, cellFromSnapshot(m.cell)])));
    }
    this.ring.clear();
    for (const anomaly of snapshot.anomalies) this.ring.push(anomaly);
    this.events.clear();
    for (const event of snapshot.events) this.events.push(event);
  }

  /** Every line seen since start, by name. */
  listLines(): LineSummary[] {
    const out: LineSummary[] = [];
    for (const [lineName, machines] of this.lines) {
      let lastSeen = 0;
      for (const cell of machines.values()) if (cell.lastSeen > lastSeen) lastSeen = cell.lastSeen;
      out.push({ lineName, machines: machines.size, lastSeen });
    }
    return out.sort((a, b) => byName(a.lineName, b.lineName));
  }

  /** Undefined for a line nothing was received for since start. */
  lineStatus(lineName: string, now: number = Date.now()): LineStatus | undefined {
    const machines = this.lines.get(lineName);
    if (!machines) return undefined;
    const out: MachineStatus[] = [];
    for (const [machineName, cell] of machines) {
      out.push(machineStatus(machineName, cell, this.isStale(cell.lastSeen, now)));
    }
    return { lineName, machines: out.sort((a, b) => byName(a.machineName, b.machineName)) };
  }

  isStale(lastSeen: number, now: number = Date.now()): boolean {
    return now - lastSeen >= this.staleAfterMs;
  }

  /** The ring's content, most recently recorded first (not necessarily by sample time). */
  recentAnomalies(): RecentAnomaly[] {
    return this.ring.newestFirst();
  }

  /** The events ring's content, most recently recorded first. */
  recentEvents(): RecentAnomalyEvent[] {
    return this.events.newestFirst();
  }

  private pushEvent(
    line: string,
    machine: string,
    sensor: string,
    kind: RecentAnomalyEvent['kind'],
    a: DetectionResult,
  ): void {
    const { start, end, samples, peakZ } = a.endedRun!;
    this.events.push({ line, machine, sensor, kind, start, end, samples, peakZ });
  }

  private pushAnomaly(
    line: string,
    machine: string,
    sensor: string,
    kind: RecentAnomaly['kind'],
    time: number,
    value: number,
    a: DetectionResult,
  ): void {
    const { zScore, modelAvg, threshold, anomalyRatio } = a;
    this.ring.push({
      time,
      line,
      machine,
      sensor,
      kind,
      value,
      zScore,
      modelAvg,
      threshold,
      anomalyRatio,
    });
  }
}
