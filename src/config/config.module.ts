import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { buildAppConfig } from './app.config';

/**
 * The only place that reads process.env. Everything else injects ConfigService<AppConfig, true>
 * and reads one typed area, e.g. `config.get('influx', { infer: true })`.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      envFilePath: '.env',
      // Tests configure the app through process.env alone; a developer's .env must not leak in.
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      load: [() => ({ ...buildAppConfig(process.env) })],
    }),
  ],
})
export class AppConfigModule {}
