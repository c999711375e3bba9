/** One hand-written hostile request and the helpers that build them. */
export interface HostileCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The one status this case must get; any 4xx when unset. */
  status?: number;
}

export const sensor = { LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 1.5 };
export const json = (value: unknown) => JSON.stringify(value);
export const MB = 1024 * 1024;
export const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
/** A sensor sample with SensorValue replaced by raw JSON text. */
export const sensorWithValue = (raw: string) => json(sensor).replace('1.5', raw);
export const latin = (...bytes: number[]) => Buffer.from(bytes);
export const withBytes = (before: string, bytes: Buffer, after: string) =>
  Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);

export const post = (
  name: string,
  path: string,
  body: string | Buffer,
  status?: number,
): HostileCase => ({
  name,
  method: 'POST',
  path,
  headers: { 'Content-Type': 'application/json' },
  body,
  status,
});

export const patch = (name: string, body: string, status?: number): HostileCase => ({
  ...post(name, '/api/v1/mes/production-orders/1', body, status),
  method: 'PATCH',
});
