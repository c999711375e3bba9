/** One line of the bench table. */
export interface Row {
  row: string;
  result: string;
  p50?: number;
  p99?: number;
  ratio?: string;
  target?: string;
  /** Whether the target is met; absent when the row has no target. */
  met?: boolean;
}

const ms = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v)
    ? ''
    : v < 10
      ? `${v.toFixed(2)} ms`
      : `${v.toFixed(1)} ms`;

/** The table as Markdown, so it can go into docs/performance.md as printed. */
export function printTable(rows: Row[]): void {
  const header = ['', 'result', 'p50', 'p99', 'ratio', 'target'];
  const cells = rows.map((r) => [
    r.row,
    r.result,
    ms(r.p50),
    ms(r.p99),
    r.ratio ?? '',
    r.target === undefined ? '' : `${r.target}: ${r.met ? 'met' : 'MISSED'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(
    [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join(
      '\n',
    ) + '\n',
  );
}
