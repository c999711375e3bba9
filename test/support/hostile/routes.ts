/**
 * Every route that takes a body, with a valid body and the kind of each field: the hostile suite
 * breaks exactly one field (or the whole body) so each generated case is invalid by construction.
 * POST /api/v1/ingest/batch and /series belong here once they exist.
 */
export type FieldKind =
  'name' | 'number' | 'stateValue' | 'timeStamp' | 'orderText' | 'quantity' | 'status';

export interface BodyRoute {
  method: 'POST' | 'PATCH';
  path: string;
  valid: () => Record<string, unknown>;
  /** Field → kind; optional fields may be broken but are never deleted. */
  fields: Record<string, FieldKind>;
  optional?: string[];
}

const header = { LineName: 'Line1', MachineName: 'Press 1', TimeStamp: 1764000000000 };
const headerFields = { LineName: 'name', MachineName: 'name', TimeStamp: 'timeStamp' } as const;
const state = { ...header, StateName: 'Run', StateValue: 1 };
const stateFields = { ...headerFields, StateName: 'name', StateValue: 'stateValue' } as const;
const sensor = { ...header, SensorName: 'Temp', SensorValue: 1.5 };
const sensorFields = { ...headerFields, SensorName: 'name', SensorValue: 'number' } as const;
const vibration = {
  ...header,
  SensorName: 'Vib',
  VibAccelTotRmsX: 0.1,
  VibAccelTotRmsY: 0.2,
  VibAccelTotRmsZ: 0.3,
};
const vibrationFields = {
  ...headerFields,
  SensorName: 'name',
  VibAccelTotRmsX: 'number',
  VibAccelTotRmsY: 'number',
  VibAccelTotRmsZ: 'number',
} as const;
const ingest = (path: string, valid: object, fields: Record<string, FieldKind>): BodyRoute => ({
  method: 'POST',
  path,
  valid: () => ({ ...valid }),
  fields,
  optional: ['TimeStamp'],
});

let orderNo = 0;
export const BODY_ROUTES: BodyRoute[] = [
  ingest('/generic-state', state, stateFields),
  ingest('/generic-sensor', sensor, sensorFields),
  ingest('/vibration-sensor', vibration, vibrationFields),
  ingest('/api/v1/ingest/state', state, stateFields),
  ingest('/api/v1/ingest/sensor', sensor, sensorFields),
  ingest('/api/v1/ingest/vibration', vibration, vibrationFields),
  {
    method: 'POST',
    path: '/api/v1/mes/production-orders',
    valid: () => ({ orderNo: `H-${++orderNo}`, productKey: 'P-1', lineName: 'line1', quantity: 5 }),
    fields: {
      orderNo: 'orderText',
      productKey: 'orderText',
      lineName: 'orderText',
      quantity: 'quantity',
    },
  },
  {
    method: 'PATCH',
    // The demo order is in_progress: the same status again answers 200 and changes nothing.
    path: '/api/v1/mes/production-orders/1',
    valid: () => ({ status: 'in_progress' }),
    fields: { status: 'status' },
  },
];
