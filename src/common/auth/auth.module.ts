import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../../config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyStore } from './api-key-store';

/** API keys and the global guard that checks them on every route (docs/security.md). */
@Module({
  providers: [ApiKeyStore, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeyStore],
})
export class AuthModule implements OnModuleInit {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  onModuleInit(): void {
    const auth = this.config.get('auth', { infer: true });
    // Tests boot dozens of open apps; the warning is for people running the service.
    if (!auth.open || this.config.get('env', { infer: true }) === 'test') return;
    const logger = new Logger('Auth');
    if (auth.disabled) {
      logger.warn('AUTH_DISABLED=true: every route is open to anyone who can reach this port');
    } else {
      logger.warn(
        'No API keys configured (API_KEYS, API_KEYS_FILE): every route is open. ' +
          'NODE_ENV=production refuses to start like this.',
      );
    }
  }
}
