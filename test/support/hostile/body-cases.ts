import { objectText } from './arbitraries';
import {
  HostileCase,
  MB,
  json,
  nestedArrays,
  nestedObjects,
  patch,
  post,
  sensor,
  sensorWithValue,
} from './hostile-case';

/** Hand-written hostile bodies: the shapes fast-check would find only by luck. */
export const BODY_CASES: HostileCase[] = [
  // Wrong types, missing fields, numbers as strings, arrays for objects
  post('value as text', '/generic-sensor', json({ ...sensor, SensorValue: 'abc' }), 400),
  post(
    'value as a numeric string',
    '/generic-sensor',
    json({ ...sensor, SensorValue: '1.5' }),
    400,
  ),
  post(
    'state value "on"',
    '/generic-state',
    json({ ...sensor, StateName: 'Run', StateValue: 'on' }),
    400,
  ),
  post(
    'quantity as a string',
    '/api/v1/mes/production-orders',
    json({ orderNo: 'X1', productKey: 'P', lineName: 'l', quantity: '5' }),
    400,
  ),
  post('empty object (every field missing)', '/api/v1/ingest/vibration', '{}', 400),
  post('empty MES order', '/api/v1/mes/production-orders', '{}', 400),
  post('a sample inside an array', '/generic-sensor', json([sensor]), 400),
  post('name as an array', '/generic-sensor', json({ ...sensor, LineName: ['L'] }), 400),
  post('name as an object', '/generic-sensor', json({ ...sensor, LineName: { name: 'L' } }), 400),
  post(
    'duplicate key, the last one wrong',
    '/generic-sensor',
    '{"SensorValue":1,' + json(sensor).slice(1).replace('1.5', '"x"'),
    400,
  ),
  // Numbers JSON cannot hold
  post('1e309', '/generic-sensor', sensorWithValue('1e309'), 400),
  post('-1e309', '/api/v1/ingest/sensor', sensorWithValue('-1e309'), 400),
  post('NaN literal', '/generic-sensor', sensorWithValue('NaN'), 400),
  post('Infinity literal', '/generic-sensor', sensorWithValue('Infinity'), 400),
  post('hex number', '/generic-sensor', sensorWithValue('0x10'), 400),
  post(
    'quantity 1e309',
    '/api/v1/mes/production-orders',
    '{"orderNo":"Q","productKey":"P","lineName":"l","quantity":1e309}',
    400,
  ),
  post(
    'state value 2^53',
    '/generic-state',
    json({ ...sensor, StateName: 'S', StateValue: 2 ** 53 }),
    400,
  ),
  // Names
  post(
    'name ending in a backslash',
    '/generic-sensor',
    json({ ...sensor, SensorName: 'Temp\\' }),
    400,
  ),
  post(
    'name of two backslashes',
    '/api/v1/ingest/state',
    json({ ...sensor, StateName: '\\\\', StateValue: 1 }),
    400,
  ),
  post('name with NUL', '/generic-sensor', json({ ...sensor, MachineName: 'M\u0000' }), 400),
  post(
    'name with a C1 control',
    '/generic-sensor',
    json({ ...sensor, MachineName: 'M\u0085x' }),
    400,
  ),
  post(
    'name of 129 characters',
    '/generic-sensor',
    json({ ...sensor, LineName: 'x'.repeat(129) }),
    400,
  ),
  // Huge strings and bodies
  post('2 MB name', '/generic-sensor', json({ ...sensor, SensorName: 'x'.repeat(2 * MB) }), 400),
  post(
    '8 MB unknown field and a wrong value',
    '/generic-sensor',
    json({ ...sensor, Note: 'n'.repeat(8 * MB), SensorValue: null }),
    400,
  ),
  post(
    '1 MB key',
    '/generic-state',
    objectText([
      ['k'.repeat(MB), 1],
      ['StateValue', 'x'],
    ]),
    400,
  ),
  post(
    '100,000 keys',
    '/generic-sensor',
    objectText([
      ...Array.from({ length: 100_000 }, (_, i): [string, unknown] => [`k${i}`, i]),
      ['SensorValue', false],
    ]),
    400,
  ),
  post(
    'a million-element array as a value',
    '/generic-sensor',
    json({ ...sensor, SensorValue: new Array(1_000_000).fill(0) }),
    413,
  ),
  post(
    '20 MB body (over BODY_LIMIT)',
    '/generic-sensor',
    json({ ...sensor, Note: 'n'.repeat(20 * MB) }),
    413,
  ),
  // Deep nesting
  post('10,000 unclosed [', '/generic-sensor', '['.repeat(10_000), 400),
  post('10,000 nested arrays', '/generic-sensor', nestedArrays(10_000), 400),
  post(
    '100,000 nested arrays as a value',
    '/generic-sensor',
    sensorWithValue(nestedArrays(100_000)),
    400,
  ),
  post(
    '10,000 nested arrays in an unknown field',
    '/api/v1/ingest/sensor',
    json(sensor).replace('}', `,"x":${nestedArrays(10_000)}}`),
    400,
  ),
  post('100,000 nested objects', '/api/v1/mes/production-orders', nestedObjects(100_000), 400),
  patch('33 nested objects in a PATCH', `{"status":"released","x":${nestedObjects(33)}}`, 400),
  // Prototype keys
  post('__proto__ carrying the fields', '/generic-sensor', `{"__proto__":${json(sensor)}}`, 400),
  post(
    '__proto__ with polluted, a field wrong',
    '/generic-sensor',
    objectText([
      ['__proto__', { polluted: 'yes' }],
      ...Object.entries({ ...sensor, SensorValue: 'x' }),
    ]),
    400,
  ),
  post(
    'constructor.prototype, a field wrong',
    '/generic-state',
    `{"constructor":{"prototype":{"polluted":"yes"}},"StateValue":"x"}`,
    400,
  ),
  post(
    'nested __proto__ in MES order',
    '/api/v1/mes/production-orders',
    '{"a":{"__proto__":{"polluted":"yes"}},"quantity":-1}',
    400,
  ),
  patch('prototype key in a PATCH', '{"prototype":{"polluted":"yes"},"status":"bogus"}', 400),
  patch('__proto__ as the status', '{"status":"__proto__"}', 400),
];
