import type { Point } from '@influxdata/influxdb-client';
import { StorageRejectedError } from '../common/errors/domain-errors';

/**
 * Both writers send millisecond precision (the old server's schema), so a Point's numeric time is
 * written as is. The library's default would be nanoseconds, which InfluxDB would read as 1970.
 */
const millisecondSettings = {
  convertTime(value: string | number | Date | undefined): string | undefined {
    if (value === undefined) return String(Date.now());
    if (value instanceof Date) return String(value.getTime());
    if (typeof value === 'number') return String(Math.floor(value));
    return value.length > 0 ? value : undefined;
  },
};

/**
 * Serialises points to line protocol lines (ms precision). A point without fields has no line;
 * it is refused rather than dropped, because write() must never resolve for data it did not store.
 */
export function toLineProtocol(points: readonly Point[]): string[] {
  const lines: string[] = new Array<string>(points.length);
  for (let i = 0; i < points.length; i++) {
    const line = points[i].toLineProtocol(millisecondSettings);
    if (line === undefined) {
      throw new StorageRejectedError(
        `Point ${i} has no measurement or no fields: nothing to store`,
      );
    }
    lines[i] = line;
  }
  return lines;
}
