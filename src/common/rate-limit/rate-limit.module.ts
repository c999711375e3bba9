import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AppConfig } from '../../config';
import { ApiKeyStore } from '../auth/api-key-store';
import { AuthModule } from '../auth/auth.module';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * RATE_LIMIT_PER_SECOND per API key over a sliding second, across all routes; per client IP for
 * requests without a known key (an open service, or before the 401). Health and metrics are
 * exempt (@SkipThrottle): a probe must never be refused for load.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [AuthModule],
      inject: [ConfigService, ApiKeyStore],
      useFactory: (
        config: ConfigService<AppConfig, true>,
        keys: ApiKeyStore,
      ): ThrottlerModuleOptions => {
        const limit = config.get('transport', { infer: true }).rateLimitPerSecond;
        return {
          // blockDuration 0: only the requests over the limit are refused, not a whole extra second.
          throttlers: [{ ttl: 1000, limit, blockDuration: 0 }],
          skipIf: () => limit === 0,
          getTracker: (req) => {
            const principal = keys.identify(req as Request);
            return principal ? `key:${principal.id}` : `ip:${(req as Request).ip}`;
          },
          // One budget per key across every route (the library's default is per route).
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          // X-RateLimit-* on every answer costs bytes no PLC reads; Retry-After comes with the 429.
          setHeaders: false,
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
