import createClient from 'openapi-fetch';
// Generated from docs/openapi.json by openapi-typescript during the test (never committed): when
// the API changes in a way this script does not expect, `tsc` fails on this file.
import type { components, paths } from '../../test-output/client/iiot-api';
import type { FlowOptions, FlowStep, RunMesFlow } from './mes-flow.types';

type OrderStatus = components['schemas']['OrderStatus'];
type SensorBody = components['schemas']['GenericSensorDto'];

/**
 * An MES integration as a customer would write it against the generated client: create an order,
 * walk it through its statuses, list it, feed a sensor and read the line's status and anomalies.
 */
export const runMesFlow: RunMesFlow = async (baseUrl, options: FlowOptions) => {
  const api = createClient<paths>({
    baseUrl,
    headers: options.apiKey ? { 'X-API-Key': options.apiKey } : {},
  });
  const steps: FlowStep[] = [];
  const { orderNo, lineName, machineName } = options;
  const draft = { orderNo, productKey: '900.000.002', lineName, quantity: 500 };

  const created = await api.POST('/api/v1/mes/production-orders', { body: draft });
  steps.push({ step: 'create', status: created.response.status, detail: created.data?.status });
  if (!created.data) return steps;
  const id: number = created.data.id;

  const again = await api.POST('/api/v1/mes/production-orders', { body: draft });
  steps.push({ step: 'create duplicate', status: again.response.status, detail: again.error });

  const moveTo = async (step: string, status: OrderStatus) => {
    const res = await api.PATCH('/api/v1/mes/production-orders/{id}', {
      params: { path: { id } },
      body: { status },
    });
    const order = res.data;
    const detail = order
      ? { status: order.status, startedAt: order.startedAt, completedAt: order.completedAt }
      : res.error?.message;
    steps.push({ step, status: res.response.status, detail });
  };
  await moveTo('release', 'released');
  await moveTo('jump to completed', 'completed');
  await moveTo('start', 'in_progress');
  await moveTo('start again', 'in_progress');
  await moveTo('complete', 'completed');

  const list = await api.GET('/api/v1/mes/production-orders', {
    params: { query: { line: lineName, status: 'completed' } },
  });
  steps.push({
    step: 'list completed',
    status: list.response.status,
    detail: list.data?.orders.map((o) => o.orderNo),
  });

  // A steady temperature for longer than the detector's window (W = 100 by default), then a spike
  // it must flag.
  const t0 = Date.now() - 600_000;
  const readings = Array.from({ length: 110 }, (_, i) => 60 + (i % 3) * 0.1);
  readings.push(75);
  for (const [i, value] of readings.entries()) {
    const body: SensorBody = {
      LineName: lineName,
      MachineName: machineName,
      SensorName: 'Temp',
      SensorValue: value,
      TimeStamp: t0 + i * 1000,
    };
    const res = await api.POST('/api/v1/ingest/sensor', { body });
    if (res.response.status !== 202 || res.data?.accepted !== 1) {
      steps.push({ step: 'ingest', status: res.response.status, detail: res.error });
      return steps;
    }
  }
  steps.push({ step: 'ingest', status: 202, detail: readings.length });

  const status = await api.GET('/api/v1/mes/lines/{lineName}/status', {
    params: { path: { lineName } },
  });
  const machine = status.data?.machines.find((m) => m.machineName === machineName);
  const temp = machine?.sensors.find((s) => s.name === 'Temp');
  steps.push({
    step: 'line status',
    status: status.response.status,
    detail: temp && { value: temp.value, anomaly: temp.anomaly, stale: machine?.stale },
  });

  const anomalies = await api.GET('/api/v1/mes/lines/{lineName}/anomalies', {
    params: { path: { lineName }, query: { from: new Date(t0).toISOString(), limit: 10 } },
  });
  steps.push({
    step: 'anomalies',
    status: anomalies.response.status,
    detail: anomalies.data?.anomalies.map((a) => ({
      machine: a.machineName,
      sensor: a.sensorName,
      value: a.value,
      flagged: Math.abs(a.zScore) > a.threshold,
    })),
  });
  return steps;
};
