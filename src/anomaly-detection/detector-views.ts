import type { DetectorKind, SensorConfigEntry } from './sensor-config';
import type { ZScoreSnapshot } from './z-score';
import type { ZScoreDetector } from './z-score-detector';
import type { ZScoreParams } from './z-score.params';

/** Shapes the analytics API serves (DTOs in dto/ describe them for OpenAPI). */

export const KINDS: readonly DetectorKind[] = ['sensor', 'vibration'];

export interface DetectorFilter {
  line?: string;
  machine?: string;
}

export interface DetectorView {
  line: string;
  machine: string;
  sensor: string;
  kind: DetectorKind;
  params: ZScoreParams;
  state: ZScoreSnapshot;
}

export interface ConfiguredDetectorView {
  name: string;
  line?: string;
  machine?: string;
  kind: DetectorKind;
  params: ZScoreParams;
}

export function detectorView(
  kind: DetectorKind,
  line: string,
  machine: string,
  sensor: string,
  detector: ZScoreDetector,
): DetectorView {
  return {
    line,
    machine,
    sensor,
    kind,
    params: { ...detector.params },
    state: detector.snapshot(),
  };
}

/** Optional keys only when set, so JSON shows no `"line": null` for an entry for every line. */
export function configuredView(
  kind: DetectorKind,
  entry: SensorConfigEntry,
): ConfiguredDetectorView {
  const view: ConfiguredDetectorView = { name: entry.name, kind, params: { ...entry.params } };
  if (entry.line !== undefined) view.line = entry.line;
  if (entry.machine !== undefined) view.machine = entry.machine;
  return view;
}
