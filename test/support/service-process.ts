import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');

/**
 * The service as operators run it: `node dist/main.js` (what `npm start` runs after the build) as
 * a child process on a free port, for tests that need real signals (SIGTERM, SIGKILL).
 */
export class ServiceProcess {
  private proc?: ChildProcess;
  output = '';
  port = 0;
  exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  /** `https` in a subclass that starts the service with TLS files (see isLive). */
  protected readonly scheme: 'http' | 'https' = 'http';

  async start(): Promise<this> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    this.port = this.port || (await freePort());
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
    };
    Object.assign(env, { LOG_LEVEL: 'info', NODE_ENV: 'development' }, this.env, {
      PORT: String(this.port),
    });
    const proc = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.output = '';
    proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exit = new Promise((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await this.waitLive();
    return this;
  }

  /** Waits until the process has printed `pattern` (logs are written asynchronously). */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the output:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.output;
  }

  kill(signal: NodeJS.Signals): void {
    this.proc?.kill(signal);
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000) {
    const proc = this.proc;
    if (!proc || !this.exit) return undefined;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const result = await this.exit;
    clearTimeout(timer);
    this.proc = undefined;
    return result;
  }

  protected async isLive(): Promise<boolean> {
    return (await fetch(`${this.url}/health/live`)).ok;
  }

  private async waitLive(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.proc?.exitCode !== null) throw new Error(`service exited at start:\n${this.output}`);
      try {
        if (await this.isLive()) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`service did not answer /health/live within 30 s:\n${this.output}`);
  }
}
