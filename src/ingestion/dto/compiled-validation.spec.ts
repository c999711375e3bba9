import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { getFromContainer, IsString, Validate, ValidatorConstraint } from 'class-validator';
import fc from 'fast-check';
import { compileCheck, usesCompiledValidation } from '../../common/validation/compiled-check';
import { RequestValidationPipe } from '../../common/validation/validation.pipe';
import { BatchDto } from './batch.dto';
import { GenericSensorDto } from './generic-sensor.dto';
import { GenericStateDto } from './generic-state.dto';
import { SeriesDto } from './series.dto';
import { VibrationSensorDto } from './vibration-sensor.dto';

type Dto = new () => object;
const resolve = (cls: unknown) => getFromContainer(cls as new () => never);
const T0 = 1764000000000;

/**
 * A deep copy made in this realm, as JSON.parse makes bodies (structuredClone's objects come from
 * Node's own realm under Jest, and class-transformer's `instanceof Object` then misses them).
 */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
}

/** class-validator's decision on the pipe's own slow path: plainToInstance + validate. */
async function slowAccepts(dto: Dto, value: unknown): Promise<boolean> {
  const pipe = new RequestValidationPipe();
  try {
    await ValidationPipe.prototype.transform.call(pipe, value, { type: 'body', metatype: dto });
    return true;
  } catch {
    return false;
  }
}

// For each kind of field: values the contract accepts, values it refuses, and wrong JSON types.
const validName = fc.constantFrom(
  'Line1',
  'Press 1',
  'Temp',
  'Öl €',
  '機械',
  'a',
  'mid\\dle',
  'x'.repeat(128),
);
const badName = fc.oneof(
  fc.constantFrom('', 'x'.repeat(129), 'a\nb', 'a\u0000b', 'tab\t', 'c1\u0085', 'end\\'),
  fc.string({ maxLength: 4 }),
);
const validFinite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
const badFinite = fc.constantFrom<unknown>(Infinity, -Infinity, Number.NaN, '1.5');
const validTime = fc.oneof(
  fc.integer({ min: T0 - 1e6, max: T0 + 1e6 }),
  fc.constantFrom(String(T0), '2025-11-24T16:00:00Z', '2025-11-24 16:00:00.123+01:00', T0 + 0.5),
);
const badTime = fc.constantFrom<unknown>(
  '2025-02-30T00:00:00Z',
  '1999-12-31T23:59:59Z',
  946684799999,
  '17640000000001',
  Date.now() + 7_200_000,
  'soon',
  '',
  -1,
);
const validState = fc.oneof(fc.integer(), fc.boolean());
const badState = fc.constantFrom<unknown>(1.5, 2 ** 53, '1');
const wrong = fc.constantFrom<unknown>(null, true, '1.5', [1], { v: 1 }, Infinity);

type Pair = [valid: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>];
const NAME: Pair = [validName, badName];
const FINITE: Pair = [validFinite, badFinite];
const TIME: Pair = [validTime, badTime];
const STATE: Pair = [validState, badState];

/** A field's value: valid only, or (bad) sometimes refused, of a wrong type, or missing. */
function field([valid, refused]: Pair, bad: boolean, optional = false): fc.Arbitrary<unknown> {
  const missing = fc.constant(undefined);
  if (!bad) return optional ? fc.oneof(valid, missing) : valid;
  return fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: 1, arbitrary: refused },
    { weight: 1, arbitrary: wrong },
    { weight: 1, arbitrary: missing },
  );
}

/** An object with the given fields (undefined ones left out) and maybe an unknown one. */
function record(
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(fields),
      fc.option(fc.tuple(fc.constantFrom('Extra', 'constructor'), fc.jsonValue())),
    )
    .map(([r, extra]) => {
      const out: Record<string, unknown> = extra ? { [extra[0]]: extra[1] } : {};
      for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
      return out;
    });
}

const header = (bad: boolean) => ({
  LineName: field(NAME, bad),
  MachineName: field(NAME, bad),
  TimeStamp: field(TIME, bad, true),
});
const sensorFields = (bad: boolean) => ({
  SensorName: field(NAME, bad),
  SensorValue: field(FINITE, bad),
});
const stateFields = (bad: boolean) => ({
  StateName: field(NAME, bad),
  StateValue: field(STATE, bad),
});
const vibrationFields = (bad: boolean) => ({
  SensorName: field(NAME, bad),
  VibAccelTotRmsX: field(FINITE, bad),
  VibAccelTotRmsY: field(FINITE, bad),
  VibAccelTotRmsZ: field(FINITE, bad),
});
const itemNames = (bad: boolean) => ({
  LineName: field(NAME, bad, true),
  MachineName: field(NAME, bad, true),
  TimeStamp: field(TIME, bad, true),
});
const TYPE: Pair = [fc.constant('sensor'), fc.constantFrom('pressure', 'Sensor', 'state')];
const item = (bad: boolean) =>
  fc.oneof(
    record({ Type: fc.constant('sensor'), ...itemNames(bad), ...sensorFields(bad) }),
    record({ Type: fc.constant('state'), ...itemNames(bad), ...stateFields(bad) }),
    record({ Type: fc.constant('vibration'), ...itemNames(bad), ...vibrationFields(bad) }),
    ...(bad ? [record({ Type: field(TYPE, bad), ...sensorFields(bad) }), wrong] : []),
  );
const batch = (bad: boolean) =>
  record({
    LineName: field(NAME, bad),
    MachineName: field(NAME, bad),
    Samples: field([fc.array(item(bad), { minLength: 1, maxLength: 4 }), fc.constant([])], bad),
  });
const interval: Pair = [fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, -1, 2.5, 4e9)];
const series = (bad: boolean) =>
  fc.array(field(FINITE, bad), { minLength: bad ? 0 : 1, maxLength: 5 }).chain((values) =>
    record({
      LineName: field(NAME, bad),
      MachineName: field(NAME, bad),
      SensorName: field(NAME, bad),
      Values: bad
        ? fc.oneof({ weight: 8, arbitrary: fc.constant(values) }, { weight: 1, arbitrary: wrong })
        : fc.constant(values),
    }).chain((head) =>
      fc
        .oneof(
          record({ StartTime: field(TIME, bad), IntervalMs: field(interval, bad) }),
          record({
            TimeStamps: fc.array(field(TIME, bad), {
              minLength: bad ? 0 : values.length,
              maxLength: bad ? 6 : values.length,
            }),
            ...(bad
              ? { StartTime: field(TIME, bad, true), IntervalMs: field(interval, bad, true) }
              : {}),
          }),
        )
        .map((timing) => ({ ...head, ...timing })),
    ),
  );

/** Valid bodies a third of the time, bodies with some refused, wrong or missing fields else. */
const both = (make: (bad: boolean) => fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 1, arbitrary: make(false) }, { weight: 2, arbitrary: make(true) });

const bodies: Array<[Dto, fc.Arbitrary<unknown>]> = [
  [GenericSensorDto, both((bad) => record({ ...header(bad), ...sensorFields(bad) }))],
  [GenericStateDto, both((bad) => record({ ...header(bad), ...stateFields(bad) }))],
  [VibrationSensorDto, both((bad) => record({ ...header(bad), ...vibrationFields(bad) }))],
  [BatchDto, both(batch)],
  [SeriesDto, both(series)],
];

describe('compiled validation of the ingest DTOs', () => {
  it.each(bodies.map(([dto, arb]) => [dto.name, dto, arb] as const))(
    'should accept and refuse exactly what class-validator does for %s',
    async (_name, dto, arbitrary) => {
      expect(usesCompiledValidation(dto)).toBe(true);
      const check = compileCheck(dto, resolve)!;
      expect(check).toBeDefined();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 9, arbitrary }, { weight: 1, arbitrary: fc.anything() }),
          async (body) => {
            const fast = check(clone(body));
            const slow = await slowAccepts(dto, clone(body));
            if (slow) accepted++;
            expect(fast).toBe(slow);
          },
        ),
        { numRuns: 600, seed: 5 },
      );
      // The generators must reach both sides of the contract for the comparison to mean anything.
      expect(accepted).toBeGreaterThan(100);
      expect(accepted).toBeLessThan(500);
    },
    60_000,
  );
});

describe(compileCheck.name, () => {
  class Transformed {
    @Transform(({ value }) => String(value).trim())
    @IsString()
    Name!: string;
  }
  class WithDefault {
    @IsString()
    Name: string = 'x';
  }
  @ValidatorConstraint({ name: 'later', async: true })
  class Later {
    validate() {
      return Promise.resolve(true);
    }
  }
  class Async {
    @Validate(Later)
    Name!: string;
  }
  class NoRules {
    Name!: string;
  }

  it.each([
    ['a class-transformer @Transform', Transformed],
    ['a field default', WithDefault],
    ['an async validator', Async],
    ['no rules at all', NoRules],
  ])('should decline a class with %s (class-validator alone decides)', (_what, dto) => {
    expect(compileCheck(dto as Dto, resolve)).toBeUndefined();
  });

  it('should refuse what is not an object, for the slow path to explain', () => {
    const check = compileCheck(GenericSensorDto, resolve)!;
    for (const body of [null, 42, 'x', [], [{}]]) expect(check(body)).toBe(false);
  });
});
