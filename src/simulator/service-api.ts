/**
 * The two reads the simulator makes on the service's IT API, through the global fetch: which
 * sensors are analysed (before the run) and which samples were flagged (after it). It configures
 * nothing on the server.
 */
import { errorText } from '../common/errors/error-text';
export interface FlaggedSample {
  line: string;
  machine: string;
  sensor: string;
  time: number;
}

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

async function getJson<T>(url: string, key: string | undefined): Promise<Read<T>> {
  try {
    const res = await fetch(url, { headers: key ? { 'X-API-Key': key } : {} });
    if (!res.ok) {
      const hint =
        res.status === 401 || res.status === 403
          ? ' (needs a key with the mes role: --eval-key)'
          : '';
      return { ok: false, reason: `GET ${new URL(url).pathname} answered ${res.status}${hint}` };
    }
    return { ok: true, value: (await res.json()) as T };
  } catch (err) {
    return { ok: false, reason: `GET ${url} failed: ${errorText(err)}` };
  }
}

interface DetectorList {
  configured: Array<{ name: string; params: { window: number } }>;
}

/** Analysed sensor names among `names`, and the longest warm-up (model window) among them. */
export async function readAnalysedSensors(
  baseUrl: string,
  key: string | undefined,
  names: string[],
): Promise<Read<{ analysed: Set<string>; warmup: number }>> {
  const read = await getJson<DetectorList>(`${baseUrl}/api/v1/analytics/detectors`, key);
  if (!read.ok) return read;
  if (!Array.isArray(read.value.configured)) {
    return { ok: false, reason: 'GET /api/v1/analytics/detectors gave no `configured` list' };
  }
  const entries = read.value.configured.filter((c) => names.includes(c.name));
  return {
    ok: true,
    value: {
      analysed: new Set(entries.map((c) => c.name)),
      warmup: Math.max(0, ...entries.map((c) => c.params.window)),
    },
  };
}

interface AnomalyPage {
  anomalies: Array<{ time: string; machineName: string; sensorName: string }>;
}

const PAGE = 10_000;

/** Every anomaly the service recorded for `line` in [from, to], newest first, page by page. */
export async function readFlagged(
  baseUrl: string,
  key: string | undefined,
  line: string,
  from: number,
  to: number,
): Promise<Read<FlaggedSample[]>> {
  const out: FlaggedSample[] = [];
  for (let upTo = to; upTo >= from;) {
    const query = new URLSearchParams({
      from: String(from),
      to: String(upTo),
      limit: String(PAGE),
    });
    const path = `${baseUrl}/api/v1/mes/lines/${encodeURIComponent(line)}/anomalies?${query}`;
    const read = await getJson<AnomalyPage>(path, key);
    if (!read.ok) return read;
    if (!Array.isArray(read.value.anomalies)) {
      return { ok: false, reason: `GET ${new URL(path).pathname} gave no \`anomalies\` list` };
    }
    const page = read.value.anomalies.map((a) => ({
      line,
      machine: a.machineName,
      sensor: a.sensorName,
      time: Date.parse(a.time),
    }));
    out.push(...page);
    if (page.length < PAGE) break;
    upTo = Math.min(...page.map((a) => a.time)) - 1;
  }
  return { ok: true, value: out };
}
