import type { INestApplicationContext } from '@nestjs/common';
import type { UseContainerOptions } from 'class-validator';

/**
 * The container class-validator asks for each constraint class, on every validation. Nest's
 * `get()` throws for the many constraint classes that are not providers (every registerDecorator
 * validator), and building that exception with its stack trace cost ≈8 % of a single-sample
 * request's CPU. The answer never changes after boot, so it is looked up once per class.
 */
export class CachedContainer {
  private readonly resolved = new Map<unknown, object | null>();

  constructor(private readonly app: INestApplicationContext) {}

  /** The provider, or undefined: class-validator then builds the class itself (`fallback`). */
  get<T>(someClass: { new (...args: never[]): T } | (() => T)): T | undefined {
    let instance = this.resolved.get(someClass);
    if (instance === undefined) {
      try {
        instance = this.app.get(someClass as never, { strict: false }) as object;
      } catch {
        instance = null;
      }
      this.resolved.set(someClass, instance);
    }
    return (instance ?? undefined) as T | undefined;
  }
}

export const CACHED_CONTAINER_OPTIONS: UseContainerOptions = {
  fallback: true,
  fallbackOnErrors: true,
};
