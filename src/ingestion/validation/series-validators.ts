import { Injectable, Optional } from '@nestjs/common';
import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { decorator, isFiniteNumber, TimeStampConstraint } from './sample-validators';
import { parseTimeStamp } from './time-stamp';

/** A 400 names at most this many bad elements of an array: enough to find the fault in the PLC. */
const MAX_NAMED = 5;

/** `Values[3], Values[9] and 12 more` for the indices `bad` of the array `label`. */
function indexList(label: string, bad: number[], total: number): string {
  const named = bad.map((i) => `${label}[${i}]`).join(', ');
  return total > bad.length ? `${named} and ${total - bad.length} more` : named;
}

/** Indices of the first MAX_NAMED elements failing `ok`, and how many fail in all. */
function failing(values: unknown[], ok: (v: unknown) => boolean): [number[], number] {
  const bad: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (ok(values[i])) continue;
    if (bad.length < MAX_NAMED) bad.push(i);
    total++;
  }
  return [bad, total];
}

/**
 * An array of finite JSON numbers (the series' Values). One rule for the whole array rather than
 * `each: true`, so the 400 can name the offending indices.
 */
export const AreFiniteNumbers = decorator('areFiniteNumbers', {
  validate: (value: unknown) => Array.isArray(value) && value.every(isFiniteNumber),
  defaultMessage: ({ property, value }: ValidationArguments) => {
    if (!Array.isArray(value)) return `${property} must be an array of finite numbers`;
    const [bad, total] = failing(value, isFiniteNumber);
    return `${indexList(property, bad, total)} must be finite numbers`;
  },
});

/** The array has as many elements as the sibling array `other` (TimeStamps beside Values). */
export const HasLengthOf = (other: string) =>
  decorator('hasLengthOf', {
    validate: (value: unknown, args?: ValidationArguments) => {
      const sibling = (args?.object as Record<string, unknown> | undefined)?.[other];
      return Array.isArray(value) && (!Array.isArray(sibling) || value.length === sibling.length);
    },
    defaultMessage: ({ property, object }: ValidationArguments) => {
      const sibling = (object as Record<string, unknown>)[other];
      return `${property} must be an array with one entry per ${other} (${Array.isArray(sibling) ? sibling.length : 0})`;
    },
  })();

/** The field is absent when the sibling `other` is present (StartTime/IntervalMs vs TimeStamps). */
export const IsAbsentWith = (other: string) =>
  decorator('isAbsentWith', {
    validate: (value: unknown, args?: ValidationArguments) =>
      value === undefined || (args?.object as Record<string, unknown>)[other] == null,
    defaultMessage: ({ property }: ValidationArguments) =>
      `${property} cannot be combined with ${other}: send StartTime and IntervalMs, or TimeStamps`,
  })();

/**
 * A constraint judged by the TimeStamp rule (formats, clock window): injected by Nest with the
 * configured skew, built with the default one where class-validator builds it itself.
 */
@Injectable()
abstract class TimeStampRuleConstraint {
  protected readonly single: TimeStampConstraint;

  constructor(@Optional() single?: TimeStampConstraint) {
    this.single = single ?? new TimeStampConstraint();
  }
}

/** Every element is a TimeStamp as single samples take it (same formats, same clock window). */
@ValidatorConstraint({ name: 'areTimeStamps' })
@Injectable()
export class TimeStampListConstraint
  extends TimeStampRuleConstraint
  implements ValidatorConstraintInterface
{
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((v) => this.single.validate(v));
  }

  defaultMessage({ property, value }: ValidationArguments): string {
    if (!Array.isArray(value)) return `${property} must be an array of TimeStamps`;
    const [bad, total] = failing(value, (v) => this.single.validate(v));
    const first =
      bad.length > 0 ? this.single.problem(`${property}[${bad[0]}]`, value[bad[0]]) : '';
    return `${indexList(property, bad, total)} must be valid TimeStamps (${first})`;
  }
}

export const AreTimeStamps = decorator('areTimeStamps', TimeStampListConstraint);

/**
 * On IntervalMs: the series' last value, at StartTime + (n − 1)·IntervalMs, must lie in the same
 * clock window as any TimeStamp (a PLC sending µs as ms would otherwise write into the future).
 * Skipped while StartTime or Values are invalid: their own rules report those.
 */
@ValidatorConstraint({ name: 'seriesEndsInClockWindow' })
@Injectable()
export class SeriesEndConstraint
  extends TimeStampRuleConstraint
  implements ValidatorConstraintInterface
{
  validate(value: unknown, args: ValidationArguments): boolean {
    const end = seriesEnd(value, args.object);
    return end === undefined || this.single.inRange(end);
  }

  defaultMessage({ property, value, object }: ValidationArguments): string {
    const end = seriesEnd(value, object) ?? 0;
    const why = this.single.rangeProblem('its last value', end) ?? 'is out of range';
    return `${property}: the series ends at ${new Date(end).toISOString()}, and ${why}`;
  }
}

function seriesEnd(interval: unknown, object: object): number | undefined {
  const { StartTime, Values } = object as { StartTime?: unknown; Values?: unknown };
  const start = parseTimeStamp(StartTime);
  if (start === undefined || !Array.isArray(Values) || typeof interval !== 'number') {
    return undefined;
  }
  return start + Math.max(0, Values.length - 1) * interval;
}

export const SeriesEndsInClockWindow = decorator('seriesEndsInClockWindow', SeriesEndConstraint);
