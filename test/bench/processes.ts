import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

/**
 * A server the bench starts and must stop, whatever happens: every one is registered so a failing
 * row, an exception or Ctrl-C still leaves nothing running.
 */
export class Proc {
  private static readonly running = new Set<Proc>();
  private readonly child: ChildProcess;
  output = '';

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: SpawnOptions = {},
  ) {
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-8000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    Proc.running.add(this);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Polls `url` until it answers (any status below 500), or fails with the server's output. */
  async waitHttp(url: string, timeoutMs = 60_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} exited:\n${this.output}`);
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status < 500) return this;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name} did not answer ${url} within ${timeoutMs} ms:\n${this.output}`);
  }

  async stop(): Promise<void> {
    Proc.running.delete(this);
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...Proc.running].map((p) => p.stop()));
  }
}

/** Runs a command to its end; resolves with its exit code and output. */
export function runToEnd(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ code: -1, output: String(e) }));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
