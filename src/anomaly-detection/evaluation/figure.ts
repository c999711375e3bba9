import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DetectionResult } from '../../common/domain/sample';
import { DETECTOR_PRESETS } from '../../config/app.config';
import { ZScoreDetector } from '../z-score-detector';
import type { ZScoreParams } from '../z-score.params';
import { OLD_PARAMS } from './evaluate-detector';
import { LabelledSignal, makeSignal } from './signals';

export interface Panel {
  title: string;
  params: ZScoreParams;
}

const WIDTH = 960;
const PANEL_HEIGHT = 240;
const MARGIN = { left: 48, right: 16, top: 28, bottom: 24 };
const COLOURS = { value: '#888', band: '#cfe3f7', avg: '#1f6fb5', flag: '#d62728', axis: '#444' };

const f = (n: number) => n.toFixed(1);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The figure's signal: the first step of the seed-1 steps signal, with warm-up before it. */
export function figureSignal(): LabelledSignal {
  const steps = makeSignal('steps', 1);
  const end = steps.events[0].at + 500;
  return {
    ...steps,
    values: steps.values.slice(0, end),
    times: steps.times.slice(0, end),
    events: steps.events.filter((e) => e.at < end),
  };
}

function panel(signal: LabelledSignal, p: Panel, top: number): string {
  const detector = new ZScoreDetector(p.params);
  const results: DetectionResult[] = signal.values.map((x, i) =>
    detector.score(x, signal.times[i]),
  );
  const lo = Math.min(...signal.values) - 1;
  const hi = Math.max(...signal.values) + 1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (i / (signal.values.length - 1)) * plotW;
  // Band edges beyond the value range are clipped, so a band at σ = S stays on the panel.
  const y = (v: number) =>
    top + MARGIN.top + plotH * (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo));
  const scored = results.map((r, i) => ({ r, i })).filter(({ r }) => r.modelStd > 0);
  const upper = scored.map(
    ({ r, i }) => `${f(x(i))},${f(y(r.modelAvg + r.threshold * r.modelStd))}`,
  );
  const lower = scored.map(
    ({ r, i }) => `${f(x(i))},${f(y(r.modelAvg - r.threshold * r.modelStd))}`,
  );
  const line = (points: string[], colour: string, width: number) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="${width}" points="${points.join(' ')}"/>`;
  const flags = results
    .map((r, i) =>
      r.anomaly ? `<circle cx="${f(x(i))}" cy="${f(y(signal.values[i]))}" r="2.5"/>` : '',
    )
    .filter(Boolean);
  const { window: w, threshold: t, rebaselineAfter: k, minStd: s } = p.params;
  const title = `${p.title}: W=${w}, T=${t}, K=${k}, S=${s}: ${flags.length} flags`;
  return [
    `<g class="panel">`,
    `<text x="${MARGIN.left}" y="${top + 18}" font-size="13">${esc(title)}</text>`,
    `<polygon fill="${COLOURS.band}" points="${[...upper, ...lower.reverse()].join(' ')}"/>`,
    line(
      signal.values.map((v, i) => `${f(x(i))},${f(y(v))}`),
      COLOURS.value,
      0.7,
    ),
    line(
      scored.map(({ r, i }) => `${f(x(i))},${f(y(r.modelAvg))}`),
      COLOURS.avg,
      1.2,
    ),
    `<g class="flags" fill="${COLOURS.flag}">${flags.join('')}</g>`,
    ...signal.events.map(
      (e) =>
        `<line x1="${f(x(e.at))}" x2="${f(x(e.at))}" y1="${f(y(hi))}" y2="${f(y(lo))}" stroke="${COLOURS.axis}" stroke-dasharray="4 3"/>` +
        `<text x="${f(x(e.at) + 4)}" y="${f(y(lo) - 4)}" font-size="11">${e.kind} at sample ${e.at}</text>`,
    ),
    `<text x="4" y="${f(y(hi))}" font-size="11" dy="10">${f(hi)}</text>`,
    `<text x="4" y="${f(y(lo))}" font-size="11">${f(lo)}</text>`,
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${f(y(lo))}" y2="${f(y(lo))}" stroke="${COLOURS.axis}"/>`,
    `</g>`,
  ].join('\n');
}

/** One SVG: a panel per parameter set over the same signal, with a legend at the bottom. */
export function renderFigure(signal: LabelledSignal, panels: readonly Panel[]): string {
  const height = panels.length * PANEL_HEIGHT + 24;
  const legend = [
    ['value', COLOURS.value],
    ['model average', COLOURS.avg],
    ['model average ± T·σ', COLOURS.band],
    ['flag (anomaly)', COLOURS.flag],
  ]
    .map(
      ([label, colour], i) =>
        `<rect x="${MARGIN.left + i * 200}" y="${height - 16}" width="12" height="12" fill="${colour}"/>` +
        `<text x="${MARGIN.left + i * 200 + 16}" y="${height - 6}" font-size="12">${esc(label)}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...panels.map((p, i) => panel(signal, p, i * PANEL_HEIGHT)),
    legend,
    `</svg>`,
    '',
  ].join('\n');
}

/** What docs/anomaly-detection.svg shows: today's defaults above the old parameters. */
export function docsFigure(defaults: ZScoreParams): string {
  return renderFigure(figureSignal(), [
    { title: 'Defaults', params: defaults },
    { title: 'Old server', params: OLD_PARAMS },
  ]);
}

export const FIGURE_PATH = resolve(__dirname, '..', '..', '..', 'docs', 'anomaly-detection.svg');

/** `npm run figure:detector`: renders the docs' figure with the configured defaults. */
if (require.main === module) {
  writeFileSync(FIGURE_PATH, docsFigure(DETECTOR_PRESETS.measured));
  process.stdout.write(`wrote ${FIGURE_PATH}\n`);
}
