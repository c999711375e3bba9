import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { toBoolean, toNumber } from './env-transforms';

/**
 * Auth, TLS and HTTP limits (docs/security.md). Kept apart from the storage and analytics
 * variables so each area reads on its own; EnvironmentVariables extends this class.
 */
export class SecurityEnvironmentVariables {
  /** `role:key` pairs, comma-separated; a key written `sha256:<hex>` is compared by hash. */
  @IsOptional() @IsString() API_KEYS?: string;
  /** The same entries, one per line, `#` comments. Relative paths are under DATA_DIR. */
  @IsOptional() @IsString() API_KEYS_FILE?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() AUTH_DISABLED?: boolean;
  @IsOptional() @Transform(toBoolean) @IsBoolean() METRICS_REQUIRE_KEY?: boolean;

  @IsOptional() @IsString() TLS_CERT_FILE?: string;
  @IsOptional() @IsString() TLS_KEY_FILE?: string;
  @IsOptional() @IsString() TLS_CA_FILE?: string;

  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) RATE_LIMIT_PER_SECOND?: number;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  // Node's http server caps these at 2^31-1 ms (setTimeout); 0 switches a timeout off.
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  HTTP_REQUEST_TIMEOUT_MS?: number;
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  HTTP_HEADERS_TIMEOUT_MS?: number;
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  HTTP_KEEP_ALIVE_TIMEOUT_MS?: number;
}
