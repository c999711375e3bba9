import type { SimSample } from './machine';

/** Routes and bodies as DESIGN's OT contract (PascalCase), shared by the single and batch paths. */
export const SINGLE_ROUTES = {
  sensor: '/api/v1/ingest/sensor',
  state: '/api/v1/ingest/state',
  vibration: '/api/v1/ingest/vibration',
} as const;
export const BATCH_ROUTE = '/api/v1/ingest/batch';

type Fields = Record<string, string | number>;

function fields(s: SimSample): Fields {
  switch (s.kind) {
    case 'sensor':
      return { SensorName: s.name, SensorValue: s.value, TimeStamp: s.time };
    case 'vibration':
      return {
        SensorName: s.name,
        VibAccelTotRmsX: s.x,
        VibAccelTotRmsY: s.y,
        VibAccelTotRmsZ: s.z,
        TimeStamp: s.time,
      };
    case 'state':
      return { StateName: s.name, StateValue: s.value, TimeStamp: s.time };
  }
}

export function singleBody(s: SimSample): Fields {
  return { LineName: s.line, MachineName: s.machine, ...fields(s) };
}

/** One PLC's samples as a batch: line and machine once, each item typed. */
export function batchBody(samples: SimSample[]): {
  LineName: string;
  MachineName: string;
  Samples: Fields[];
} {
  return {
    LineName: samples[0].line,
    MachineName: samples[0].machine,
    Samples: samples.map((s) => ({ Type: s.kind, ...fields(s) })),
  };
}
