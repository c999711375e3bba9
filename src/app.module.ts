import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './common/auth/auth.module';
import { REDACTED_HEADERS } from './common/filters/http-exception.filter';
import { RequestLogModule } from './common/http/request-log.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AppConfigModule, type AppConfig } from './config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './health/metrics.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { MesModule } from './mes/mes.module';
import { AnomalyDetectionModule } from './anomaly-detection/anomaly-detection.module';
import { PersistenceModule } from './persistence/persistence.module';
import { StateModule } from './state/state.module';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        // The root logger only: RequestLogModule mounts the request log itself (no route here).
        pinoHttp: {
          level: config.get('logLevel', { infer: true }),
          redact: REDACTED_HEADERS.map((h) => `req.headers[${JSON.stringify(h)}]`),
        },
        forRoutes: [],
      }),
    }),
    RequestLogModule,
    AuthModule,
    RateLimitModule,
    MetricsModule,
    PersistenceModule,
    AnomalyDetectionModule,
    MesModule,
    IngestionModule,
    StateModule,
    HealthModule,
  ],
})
export class AppModule {}
