import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './common/auth/auth.module';
import { REDACTED_HEADERS } from './common/filters/http-exception.filter';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AppConfigModule, type AppConfig } from './config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './health/metrics.module';
import { HOT_INGEST_ROUTES } from './ingestion/hot-routes';
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
        pinoHttp: {
          level: config.get('logLevel', { infer: true }),
          // One log line per successful sample would drown the log at 1 kHz; errors are kept.
          customLogLevel: (_req, res, err) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'silent',
          redact: REDACTED_HEADERS.map((h) => `req.headers[${JSON.stringify(h)}]`),
        },
        exclude: HOT_INGEST_ROUTES,
      }),
    }),
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
