import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { toBoolean, toNumber } from './env-transforms';
import { SecurityEnvironmentVariables } from './security.schema';

/** A size as body-parser reads it: bytes, or a number with b, kb, mb or gb. */
const BYTE_SIZE = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

/**
 * Every variable the service reads, after old names were mapped to new ones (env-aliases.ts).
 * Auth and transport variables are in security.schema.ts. Defaults live in app.config.ts;
 * `.env.example` documents each one with its unit.
 */
export class EnvironmentVariables extends SecurityEnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional()
  @Matches(BYTE_SIZE, { message: '$property must be a size such as 16mb, 512kb or 1048576' })
  BODY_LIMIT?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) MAX_CLOCK_SKEW_MS?: number;
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) INFLUX_URL?: string;
  @IsOptional() @IsIn(['auto', 'v1', 'v2']) INFLUX_API?: string;
  @IsOptional() @IsString() INFLUX_BUCKET?: string;
  @IsOptional() @IsString() INFLUX_ORG?: string;
  @IsOptional() @IsString() INFLUX_TOKEN?: string;
  @IsOptional() @IsString() INFLUX_USERNAME?: string;
  @IsOptional() @IsString() INFLUX_PASSWORD?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(1_000_000) INFLUX_BATCH_SIZE?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) INFLUX_FLUSH_INTERVAL?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) INFLUX_JITTER_INTERVAL?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @IsPositive() INFLUX_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() INFLUX_GZIP?: boolean;
  // At least 64 KiB, so the cap holds several segments.
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(65_536)
  @Max(Number.MAX_SAFE_INTEGER)
  JOURNAL_MAX_BYTES?: number;
  // Below graceful-shutdown's own 30 s deadline, so a drain cannot turn a clean stop into exit 1.
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(25_000)
  JOURNAL_SHUTDOWN_FORWARD_MS?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  STATE_SNAPSHOT_INTERVAL_MS?: number;

  @IsOptional() @IsIn(['measured', 'legacy']) ANOMALY_PRESET?: string;
  @IsOptional() @Transform(toNumber) @IsNumber() @IsPositive() ANOMALY_THRESHOLD?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(2) ANOMALY_WINDOW?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) ANOMALY_RATIO_WINDOW?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) ANOMALY_REBASELINE_AFTER?: number;
  @IsOptional() @Transform(toNumber) @IsNumber() @IsPositive() ANOMALY_MIN_STD?: number;
  @IsOptional() @IsString() ANALYTICS_GENERIC_SENSORS_FILE?: string;
  @IsOptional() @IsString() ANALYTICS_VIBRATION_SENSORS_FILE?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean() MES_DEMO_ORDER?: boolean;
  @IsOptional() @Transform(toNumber) @IsInt() @IsPositive() STALE_AFTER_MS?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @IsPositive() RECENT_ANOMALIES_SIZE?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() METRICS_ENABLED?: boolean;
}
