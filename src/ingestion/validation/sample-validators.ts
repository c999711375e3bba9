import { Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import type { AppConfig } from '../../config';
import { MIN_TIMESTAMP_MS, parseTimeStamp } from './time-stamp';

// C0 and C1 control characters: invisible in Grafana legends and break InfluxQL tag filters.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
export const NAME_MAX_LENGTH = 128;

export function decorator(
  name: string,
  validator:
    ValidatorConstraintInterface | (new (...args: never[]) => ValidatorConstraintInterface),
) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options,
        validator,
      });
}

/**
 * Line, machine, state and sensor names: 1–128 characters, no control characters, and not ending
 * in a backslash (line protocol would read it as escaping the separator after the tag value).
 */
export const IsSampleName = decorator('isSampleName', {
  validate: (value: unknown) =>
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= NAME_MAX_LENGTH &&
    !CONTROL_CHARS.test(value) &&
    !value.endsWith('\\'),
  defaultMessage: ({ property, value }: ValidationArguments) => {
    if (typeof value !== 'string') return `${property} must be a string`;
    if (value.length === 0 || value.length > NAME_MAX_LENGTH) {
      return `${property} must be 1 to ${NAME_MAX_LENGTH} characters long`;
    }
    if (CONTROL_CHARS.test(value)) return `${property} must not contain control characters`;
    return `${property} must not end with a backslash`;
  },
});

/** A JSON number that is finite: strings, booleans and 1e309 (Infinity once parsed) are refused. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export const IsFiniteNumber = decorator('isFiniteNumber', {
  validate: isFiniteNumber,
  defaultMessage: ({ property }: ValidationArguments) => `${property} must be a finite number`,
});

/** StateValue: an integer, or a boolean stored as 1/0. */
export const IsStateValue = decorator('isStateValue', {
  validate: (value: unknown) => typeof value === 'boolean' || Number.isSafeInteger(value),
  defaultMessage: ({ property }: ValidationArguments) =>
    `${property} must be an integer or a boolean`,
});

/**
 * TimeStamp: epoch ms (number or digit string) or ISO-8601, within [2000-01-01, now + skew].
 * A class so Nest's container can hand it the configured skew (configure-app's useContainer).
 */
@ValidatorConstraint({ name: 'isTimeStamp' })
@Injectable()
export class TimeStampConstraint implements ValidatorConstraintInterface {
  private readonly maxSkewMs: number;

  constructor(@Optional() config?: ConfigService<AppConfig, true>) {
    this.maxSkewMs = config?.get('http', { infer: true }).maxClockSkewMs ?? 3_600_000;
  }

  validate(value: unknown): boolean {
    const ms = parseTimeStamp(value);
    return ms !== undefined && this.inRange(ms);
  }

  /** Inside [2000-01-01, now + MAX_CLOCK_SKEW_MS]. */
  inRange(ms: number): boolean {
    return ms >= MIN_TIMESTAMP_MS && ms <= Date.now() + this.maxSkewMs;
  }

  defaultMessage({ property, value }: ValidationArguments): string {
    return this.problem(property, value) ?? `${property} is not a valid TimeStamp`;
  }

  /** Why `value` is not an acceptable TimeStamp, naming it `label`; undefined when it is. */
  problem(label: string, value: unknown): string | undefined {
    const ms = parseTimeStamp(value);
    if (ms === undefined) {
      return `${label} must be epoch milliseconds (number or digit string) or an ISO-8601 string`;
    }
    return this.rangeProblem(label, ms);
  }

  rangeProblem(label: string, ms: number): string | undefined {
    if (ms < MIN_TIMESTAMP_MS) return `${label} is before 2000-01-01`;
    if (ms > Date.now() + this.maxSkewMs) {
      return `${label} is more than ${this.maxSkewMs} ms in the future (check the PLC clock)`;
    }
    return undefined;
  }
}

export const IsTimeStamp = decorator('isTimeStamp', TimeStampConstraint);
