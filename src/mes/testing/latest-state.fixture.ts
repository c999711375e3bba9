import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config';
import { LatestState } from '../line-status/latest-state';

/** A LatestState on a config holding only the MES area, for unit specs. */
export function latestStateFor(mes: Partial<AppConfig['mes']> = {}): LatestState {
  const config = new ConfigService<AppConfig, true>({
    mes: { demoOrder: true, staleAfterMs: 60_000, recentAnomalies: 100, ...mes },
  });
  return new LatestState(config);
}
