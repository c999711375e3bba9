import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';

/**
 * The routes PLCs post samples to, at up to kHz rates. They skip pino-http (common/http/request-log.module.ts): its
 * per-request child logger serialises, redacts and stringifies the request up front, ≈8 % of a
 * single sample's CPU, although only failed requests are ever logged. HttpErrorFilter logs their
 * failures instead.
 */
export const HOT_INGEST_ROUTES: RouteInfo[] = [
  'generic-state',
  'generic-sensor',
  'vibration-sensor',
  'api/v1/ingest/state',
  'api/v1/ingest/sensor',
  'api/v1/ingest/vibration',
  'api/v1/ingest/batch',
  'api/v1/ingest/series',
].map((path) => ({ path, method: RequestMethod.POST }));
