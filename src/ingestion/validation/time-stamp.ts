/** Earliest accepted sample time: a PLC clock before this was never set. */
export const MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);

const DIGITS = /^\d{1,16}$/;
// Date, optional time with optional fraction, optional zone. No zone means UTC (PLC clocks are).
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds of a TimeStamp as PLCs send it: a number or digit string of epoch ms, or an
 * ISO-8601 string. Returns undefined when the value is none of these (or not a real date).
 */
export function parseTimeStamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (DIGITS.test(value)) return Number(value);
  const m = ISO_8601.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  // Date.UTC rolls 2025-02-30 over to March: refuse dates that do not exist.
  const check = new Date(utc);
  if (
    check.getUTCMonth() !== +mo - 1 ||
    check.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  ) {
    return undefined;
  }
  return utc - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
