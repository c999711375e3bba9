import { readFileSync } from 'node:fs';
import { DETECTOR_PRESETS } from '../../config/app.config';
import { flagsOf } from './evaluate';
import { FIGURE_PATH, docsFigure, figureSignal, renderFigure } from './figure';

describe(renderFigure.name, () => {
  it('should draw one circle per flag, the band, the model average and the step onset', () => {
    const signal = figureSignal();
    const params = DETECTOR_PRESETS.measured;
    const svg = renderFigure(signal, [{ title: 'Defaults', params }]);
    const flags = flagsOf(signal, params).length;
    expect(flags).toBeGreaterThanOrEqual(10);
    expect(svg.match(/<circle /g)).toHaveLength(flags);
    expect(svg).toContain(`${flags} flags`);
    expect(svg.match(/<polygon /g)).toHaveLength(1);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain(`step at sample ${signal.events[0].at}`);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('should match docs/anomaly-detection.svg (run `npm run figure:detector` after a change)', () => {
    expect(readFileSync(FIGURE_PATH, 'utf8')).toBe(docsFigure(DETECTOR_PRESETS.measured));
  });
});
