import { Command, InvalidArgumentError } from 'commander';

export interface SimulatorOptions {
  url: string;
  key?: string;
  evalKey?: string;
  lines: number;
  machines: number;
  rate: number;
  duration: number;
  anomalyRate: number;
  batch: boolean;
  batchSize: number;
  timeout: number;
  drain: number;
  bufferLimit: number;
  seed: number;
  linePrefix: string;
  summaryJson?: string;
}

function number(min: number, max: number, integer = false) {
  return (raw: string): number => {
    const n = Number(raw);
    if (
      raw.trim() === '' ||
      !Number.isFinite(n) ||
      n < min ||
      n > max ||
      (integer && !Number.isInteger(n))
    ) {
      throw new InvalidArgumentError(
        `expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
      );
    }
    return n;
  };
}

function url(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new InvalidArgumentError('expected an http(s) URL such as http://127.0.0.1:3000');
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new InvalidArgumentError('expected http or https');
  return raw.replace(/\/+$/, '');
}

export function buildCommand(): Command {
  return new Command('simulate')
    .description(
      'Simulates IPCs posting machine states, temperatures, pressures and spindle vibration to the ' +
        'service, with labelled injected anomalies, and reports throughput, latency and detection ' +
        'precision/recall. Exit code 0 when every sample was accepted, 1 when any was refused or lost.',
    )
    .option('--url <url>', 'service base URL', url, 'http://127.0.0.1:3000')
    .option('--key <key>', 'API key sent as X-API-Key (a key with the ingest role)')
    .option(
      '--eval-key <key>',
      'key for the reads before and after the run (mes role); default --key',
    )
    .option('--lines <n>', 'production lines', number(1, 100, true), 1)
    .option('--machines <n>', 'machines (one PLC each) per line', number(1, 1000, true), 3)
    .option(
      '--rate <hz>',
      'PLC cycles per second per machine (each samples every sensor)',
      number(0.01, 1000),
      20,
    )
    .option('--duration <s>', 'seconds of sampling', number(0.1, 86_400), 10)
    .option(
      '--anomaly-rate <p>',
      'share of scored sensor samples replaced by an anomaly',
      number(0, 1),
      0.02,
    )
    .option(
      '--batch',
      `send each PLC's buffered samples together (POST /api/v1/ingest/batch)`,
      false,
    )
    .option('--batch-size <n>', 'most samples per batch', number(1, 10_000, true), 500)
    .option(
      '--timeout <ms>',
      'request timeout; a timeout is resent',
      number(100, 600_000, true),
      10_000,
    )
    .option(
      '--drain <s>',
      'after sampling stops, how long to keep resending buffered samples',
      number(0, 3600),
      15,
    )
    .option(
      '--buffer-limit <n>',
      'samples a PLC buffers while it cannot send',
      number(1, 10_000_000, true),
      100_000,
    )
    .option(
      '--seed <n>',
      'seed of the signals and anomalies (same seed, same values)',
      number(0, 2 ** 32 - 1, true),
      1,
    )
    .option('--line-prefix <text>', 'line names are this plus 1..N', 'Line')
    .option('--summary-json <file>', 'also write the summary as JSON to this file')
    .showHelpAfterError();
}

/** Parses argv (without node and the script) into options; commander exits 1 on a bad option. */
export function parseOptions(argv: string[], command: Command = buildCommand()): SimulatorOptions {
  command.parse(argv, { from: 'user' });
  return command.opts<SimulatorOptions>();
}
