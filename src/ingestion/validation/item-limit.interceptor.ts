import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { PayloadTooLargeError } from '../../common/errors/domain-errors';

/**
 * Answers 413 when an array field of the body has more items than allowed. An interceptor runs
 * before the validation pipe, so an oversized request is refused before its items are checked.
 */
@Injectable()
export class ItemLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: Readonly<Record<string, number>>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body: unknown = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (typeof body === 'object' && body !== null) {
      for (const [field, max] of Object.entries(this.limits)) {
        const items = (body as Record<string, unknown>)[field];
        if (Array.isArray(items) && items.length > max) {
          const message = `${field} has ${items.length} items; at most ${max} are accepted per request`;
          throw new PayloadTooLargeError(message, [{ field, message }]);
        }
      }
    }
    return next.handle();
  }
}
