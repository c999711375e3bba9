import { CommanderError } from 'commander';
import { writeFileSync } from 'node:fs';
import { buildCommand, parseOptions } from './options';
import { runSimulation } from './runner';
import { formatSummary } from './summary';

/**
 * `npm run simulate -- --url URL --key KEY ...`: exit 0 when every sample was accepted, 1 when any
 * was refused or lost, 2 on a usage error.
 */
async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), buildCommand().exitOverride());
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const stop = new AbortController();
  // Ctrl-C ends sampling early; buffered samples still drain and the summary still prints.
  process.once('SIGINT', () => stop.abort());
  const summary = await runSimulation(options, process.stdout, stop.signal);
  process.stdout.write(formatSummary(summary));
  if (options.summaryJson)
    writeFileSync(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return summary.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `simulate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 2;
  },
);
