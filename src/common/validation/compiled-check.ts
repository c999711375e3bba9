import 'reflect-metadata';
import {
  getMetadataStorage,
  ValidationArguments,
  ValidationTypes,
  ValidatorConstraintInterface,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * True only when class-validator (with RequestValidationPipe's options) would accept the parsed
 * JSON `value` as an instance of the class. False means "not sure": the caller falls back to
 * class-validator, which then decides and writes the error messages and paths.
 */
export type Check = (value: unknown) => boolean;

type Condition = (object: unknown, value: unknown) => boolean;

/** A DTO or constraint class. */
export type ClassRef = abstract new (...args: never[]) => unknown;
type Resolve = (constraintCls: ClassRef) => ValidatorConstraintInterface;
type Seen = Map<ClassRef, Check | undefined>;

interface Rule {
  property: string;
  conditions: Condition[];
  validators: Array<{
    validate: ValidatorConstraintInterface['validate'];
    validateIf?: Condition;
    each: boolean;
    args: ValidationArguments;
  }>;
  /** For @ValidateNested: the check of a nested object (chosen by discriminator when there is one). */
  nested?: (item: Record<string, unknown>) => Check;
}

// class-transformer does not export its metadata storage from the package root.
const { defaultMetadataStorage } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');
const PLAIN_TO_CLASS = 0; // class-transformer's TransformationType.PLAIN_TO_CLASS
const MARKER = Symbol('compiledValidation');

/**
 * Marks a body DTO whose handler reads only the fields the class declares. Such a body, once the
 * compiled check accepts it, reaches the handler as the parsed JSON object itself: no
 * class-transformer copy and no whitelist pass (unknown fields are left in place, unread).
 */
export function CompiledValidation(): ClassDecorator {
  return (target) => Reflect.defineMetadata(MARKER, true, target);
}

export function usesCompiledValidation(cls: unknown): boolean {
  return typeof cls === 'function' && Reflect.getOwnMetadata(MARKER, cls) === true;
}

/**
 * Compiles a DTO class's class-validator metadata (read from getMetadataStorage, the same data
 * class-validator executes) into a plain function: the same constraint instances and conditions,
 * without building ValidationError trees, argument objects or class instances per value. Returns
 * undefined for a class using anything it does not reproduce exactly (class-transformer
 * transforms, exposure rules, default field values, async or promise validation): such classes
 * always take the class-validator path.
 */
export function compileCheck(
  cls: new () => object,
  resolve: Resolve,
  seen: Seen = new Map(),
): Check | undefined {
  if (seen.has(cls)) return seen.get(cls);
  // Recursive classes reach this entry before it is filled: they resolve through the slot.
  const slot: { check?: Check } = {};
  seen.set(cls, (value) => slot.check !== undefined && slot.check(value));
  slot.check = compileClass(cls, resolve, seen);
  seen.set(cls, slot.check);
  return slot.check;
}

function compileClass(cls: new () => object, resolve: Resolve, seen: Seen): Check | undefined {
  if (!plainTransform(cls)) return undefined;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false);
  // forbidUnknownValues: a class without rules is refused by class-validator; leave that to it.
  if (metadatas.length === 0) return undefined;
  const rules: Rule[] = [];
  const byProperty = getMetadataStorage().groupByPropertyName(metadatas);
  for (const [property, list] of Object.entries(byProperty)) {
    if (defaultMetadataStorage.findTransformMetadatas(cls, property, PLAIN_TO_CLASS).length > 0) {
      return undefined;
    }
    const rule = compileRule(cls, property, list, resolve, seen);
    if (rule === undefined) return undefined;
    rules.push(rule);
  }
  return (value) => checkObject(rules, value as Record<string, unknown>);
}

/** class-transformer would copy the JSON as it is: no exposure rules, no default field values. */
function plainTransform(cls: new () => object): boolean {
  if (defaultMetadataStorage.getStrategy(cls) !== 'none') return false;
  if (defaultMetadataStorage.getExposedMetadatas(cls).length > 0) return false;
  if (defaultMetadataStorage.getExcludedMetadatas(cls).length > 0) return false;
  try {
    return Object.keys(new cls()).length === 0;
  } catch {
    return false;
  }
}

function compileRule(
  cls: ClassRef,
  property: string,
  list: ValidationMetadata[],
  resolve: Resolve,
  seen: Seen,
): Rule | undefined {
  const rule: Rule = { property, conditions: [], validators: [] };
  for (const m of list) {
    switch (m.type) {
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CONDITIONAL_VALIDATION:
        rule.conditions.push(m.constraints[0] as Condition);
        break;
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION:
        for (const constraint of getMetadataStorage().getTargetValidatorConstraints(
          m.constraintCls,
        )) {
          if (constraint.async) return undefined;
          const instance = resolve(constraint.target as ClassRef);
          rule.validators.push({
            validate: instance.validate.bind(instance),
            validateIf: m.validateIf,
            each: m.each,
            args: {
              targetName: cls.name,
              property,
              object: {},
              value: undefined,
              constraints: m.constraints,
            },
          });
        }
        break;
      case ValidationTypes.NESTED_VALIDATION: {
        const nested = compileNested(cls, property, resolve, seen);
        if (nested === undefined || rule.nested !== undefined) return undefined;
        rule.nested = nested;
        break;
      }
      default:
        return undefined;
    }
  }
  // A class-transformer @Type without @ValidateNested converts values (e.g. strings to numbers).
  if (rule.nested === undefined && defaultMetadataStorage.findTypeMetadata(cls, property)) {
    return undefined;
  }
  return rule;
}

/** How class-transformer picks the class of a nested object: @Type, its discriminator if any. */
function compileNested(
  cls: ClassRef,
  property: string,
  resolve: Resolve,
  seen: Seen,
): Rule['nested'] {
  const type = defaultMetadataStorage.findTypeMetadata(cls, property);
  if (!type) return undefined;
  const base = compileCheck(type.typeFunction() as new () => object, resolve, seen);
  const discriminator = type.options?.discriminator;
  if (!discriminator) return base && (() => base);
  // Without keepDiscriminatorProperty, class-transformer deletes it before validation.
  if (!type.options.keepDiscriminatorProperty || !base) return undefined;
  const bySubType = new Map<unknown, Check>();
  for (const sub of discriminator.subTypes) {
    const check = compileCheck(sub.value as new () => object, resolve, seen);
    if (!check) return undefined;
    bySubType.set(sub.name, check);
  }
  return (item) => bySubType.get(item[discriminator.property]) ?? base;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkObject(rules: Rule[], object: Record<string, unknown>): boolean {
  if (!isObject(object)) return false;
  for (const rule of rules) {
    const value = object[rule.property];
    let applies = true;
    for (const condition of rule.conditions) applies = condition(object, value) && applies;
    if (!applies) continue;
    for (const v of rule.validators) {
      if (v.validateIf !== undefined && !v.validateIf(object, value)) continue;
      v.args.object = object;
      v.args.value = value;
      if (v.each && Array.isArray(value)) {
        for (const item of value) if (!accepted(v.validate(item, v.args))) return false;
      } else if (!accepted(v.validate(value, v.args))) {
        return false;
      }
    }
    if (rule.nested !== undefined && value !== undefined && !checkNested(rule.nested, value)) {
      return false;
    }
  }
  return true;
}

/** class-validator reads any truthy result as valid; a promise is left to it. */
function accepted(result: unknown): boolean {
  return !!result && typeof (result as { then?: unknown }).then !== 'function';
}

function checkNested(pick: NonNullable<Rule['nested']>, value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (!isObject(item) || !pick(item)(item)) return false;
    return true;
  }
  return isObject(value) && pick(value)(value);
}
