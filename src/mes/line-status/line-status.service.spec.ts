import { InvalidInputError, NotFoundError } from '../../common/errors/domain-errors';
import { latestStateFor } from '../testing/latest-state.fixture';
import { AnomalyQuery, AnomalyReader } from './anomaly-reader';
import type { RecentAnomaly, RecentAnomalyEvent } from './latest-state.types';
import { LineStatusService } from './line-status.service';

class RecordingReader extends AnomalyReader {
  readonly source = 'memory' as const;
  readonly queries: AnomalyQuery[] = [];
  readonly eventQueries: AnomalyQuery[] = [];
  constructor(
    private readonly rows: RecentAnomaly[] = [],
    private readonly events: RecentAnomalyEvent[] = [],
  ) {
    super();
  }
  async find(query: AnomalyQuery): Promise<RecentAnomaly[]> {
    this.queries.push(query);
    return this.rows;
  }
  async findEvents(query: AnomalyQuery): Promise<RecentAnomalyEvent[]> {
    this.eventQueries.push(query);
    return this.events;
  }
}

const NOW = Date.UTC(2025, 2, 2, 12);
const DAY = 86_400_000;

describe(LineStatusService.name, () => {
  it('should serve times as ISO-8601 and 404 an unknown line', () => {
    const latest = latestStateFor();
    latest.record(
      [{ kind: 'state', line: 'L1', machine: 'M1', name: 'run', time: NOW - 500, value: 1 }],
      NOW,
    );
    const service = new LineStatusService(latest, new RecordingReader());
    expect(service.listLines()).toEqual({
      lines: [{ lineName: 'L1', machines: 1, lastSeen: '2025-03-02T12:00:00.000Z' }],
    });
    expect(service.getStatus('L1', NOW).machines[0]).toMatchObject({
      lastSeen: '2025-03-02T12:00:00.000Z',
      lastSampleTime: '2025-03-02T11:59:59.500Z',
      states: [{ name: 'run', value: 1, time: '2025-03-02T11:59:59.500Z' }],
    });
    expect(() => service.getStatus('L9', NOW)).toThrow(NotFoundError);
  });

  it('should default to the last 24 h and 100 rows, and a given `to` minus 24 h', async () => {
    const reader = new RecordingReader();
    const service = new LineStatusService(latestStateFor(), reader);
    await service.listAnomalies('L1', {}, NOW);
    await service.listAnomalies('L1', { to: NOW - 1000, limit: 5 }, NOW);
    await service.listAnomalies('L1', { from: 0 }, NOW);
    expect(reader.queries).toEqual([
      { line: 'L1', from: NOW - DAY, to: NOW, limit: 100 },
      { line: 'L1', from: NOW - 1000 - DAY, to: NOW - 1000, limit: 5 },
      { line: 'L1', from: 0, to: NOW, limit: 100 },
    ]);
  });

  it('should refuse from after to, naming from', async () => {
    const service = new LineStatusService(latestStateFor(), new RecordingReader());
    const call = service.listAnomalies('L1', { from: 2000, to: 1000 }, NOW);
    await expect(call).rejects.toBeInstanceOf(InvalidInputError);
    await expect(call).rejects.toMatchObject({ errors: [{ field: 'from' }] });
  });

  it('should name the source and map anomalies to the API shape', async () => {
    const row: RecentAnomaly = {
      time: NOW,
      line: 'L1',
      machine: 'M',
      sensor: 'S',
      kind: 'sensor',
      value: 9,
      zScore: 3,
      modelAvg: 1,
      threshold: 2,
      anomalyRatio: 0.5,
    };
    const service = new LineStatusService(latestStateFor(), new RecordingReader([row]));
    expect(await service.listAnomalies('L1', {}, NOW)).toEqual({
      lineName: 'L1',
      source: 'memory',
      anomalies: [
        {
          time: '2025-03-02T12:00:00.000Z',
          lineName: 'L1',
          machineName: 'M',
          sensorName: 'S',
          kind: 'sensor',
          value: 9,
          zScore: 3,
          modelAvg: 1,
          threshold: 2,
          anomalyRatio: 0.5,
        },
      ],
    });
  });

  it('should list ended runs with kind=events or all, and only points by default', async () => {
    const event: RecentAnomalyEvent = {
      line: 'L1',
      machine: 'M',
      sensor: 'S',
      kind: 'vibration',
      start: NOW - 3000,
      end: NOW - 1000,
      samples: 3,
      peakZ: -8,
    };
    const reader = new RecordingReader([], [event]);
    const service = new LineStatusService(latestStateFor(), reader);
    const events = await service.listAnomalies('L1', { kind: 'events', limit: 7 }, NOW);
    expect(events).toEqual({
      lineName: 'L1',
      source: 'memory',
      anomalies: [],
      events: [
        {
          start: '2025-03-02T11:59:57.000Z',
          end: '2025-03-02T11:59:59.000Z',
          lineName: 'L1',
          machineName: 'M',
          sensorName: 'S',
          kind: 'vibration',
          samples: 3,
          peakZ: -8,
          peakAbsZ: 8,
        },
      ],
    });
    expect(reader.queries).toEqual([]);
    expect(reader.eventQueries).toEqual([{ line: 'L1', from: NOW - DAY, to: NOW, limit: 7 }]);
    expect((await service.listAnomalies('L1', { kind: 'all' }, NOW)).events).toHaveLength(1);
    expect(reader.queries).toHaveLength(1);
    expect(await service.listAnomalies('L1', {}, NOW)).not.toHaveProperty('events');
    expect(reader.eventQueries).toHaveLength(2);
  });
});
