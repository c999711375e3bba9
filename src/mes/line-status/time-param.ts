const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A time query parameter: epoch milliseconds (digits) or ISO-8601. A date-time without a zone is
 * UTC, as for the samples' TimeStamp; JavaScript alone would read it as the server's local time.
 * Undefined for anything else.
 */
export function parseTimeParam(value: string): number | undefined {
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const match = ISO_8601.exec(text);
  if (!match || !isCalendarDate(text)) return undefined;
  const zoneless = text.length > 10 && match[1] === undefined;
  const ms = Date.parse(zoneless ? `${text}Z` : text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Date.parse rolls 2025-02-30 over into March; a typo must be a 400, not another day. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
