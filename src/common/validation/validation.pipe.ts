import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { getFromContainer, ValidationError, ValidatorConstraintInterface } from 'class-validator';
import { FieldError, InvalidInputError } from '../errors/domain-errors';
import { Check, ClassRef, compileCheck, usesCompiledValidation } from './compiled-check';

/**
 * Flattens class-validator's tree into one entry per offending field, with the path written the
 * way the client wrote the JSON: `SensorValue`, `Samples[3].SensorValue`.
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    if (error.constraints) {
      out.push({ field: path, message: Object.values(error.constraints).join('; ') });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, path));
  }
  return out;
}

function joinPath(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/**
 * The global pipe. No implicit conversion: a number sent as a string is a wrong type, not a
 * number (TimeStamp is the one field that accepts digit strings, by its own validator).
 * Unknown fields are stripped, not refused (DESIGN: unknown extra fields are ignored).
 *
 * Bodies of DTOs marked @CompiledValidation() are first checked by a function compiled from the
 * class's own validation metadata (compiled-check.ts), far cheaper per sample than
 * class-transformer + class-validator. Only when it finds a problem does class-validator run, so
 * every 400 carries class-validator's messages and paths.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  private readonly checks = new Map<ClassRef, Check | undefined>();

  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: false,
      forbidUnknownValues: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new InvalidInputError('Invalid request', toFieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // class-transformer would turn `42`, `null` or `[...]` into an empty DTO and report every field
    // missing; the honest answer is that the body is not an object at all.
    const isDtoBody = metadata.type === 'body' && typeof metadata.metatype === 'function';
    if (isDtoBody && value === undefined) throw new InvalidInputError('Request body is empty');
    if (isDtoBody && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new InvalidInputError('Request body must be a JSON object');
    }
    if (isDtoBody && this.compiledCheck(metadata.metatype!)?.(value)) return value;
    return super.transform(value, metadata);
  }

  private compiledCheck(metatype: ClassRef): Check | undefined {
    if (!this.checks.has(metatype)) {
      this.checks.set(
        metatype,
        usesCompiledValidation(metatype)
          ? compileCheck(metatype as new () => object, (cls) =>
              getFromContainer<ValidatorConstraintInterface>(cls),
            )
          : undefined,
      );
    }
    return this.checks.get(metatype);
  }
}
