import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../errors/domain-errors';

/**
 * @nestjs/throttler's guard, answering with our typed error so the one filter writes the shared
 * body and `Retry-After` in seconds (the PLC resends on 429).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(
      `More than ${detail.limit} requests per second with this key; resend after Retry-After`,
      Math.max(1, detail.timeToBlockExpire),
    );
  }
}
