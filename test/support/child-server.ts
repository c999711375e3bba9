import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './server-binary';

/**
 * A real server binary the harness runs on loopback in a temp dir of its own. Subclasses say how
 * to prepare the dir, which arguments to pass and which URL answers when the server is ready.
 * stop() keeps the data, so start() again brings the same server back (outage tests).
 */
export abstract class ChildServer {
  private proc?: ChildProcess;
  private stderr = '';
  protected dir = '';

  protected abstract readonly binary: string;
  protected abstract readonly debianPackage: string;
  /** Path (on `url`) that answers 2xx once the server takes requests. */
  protected abstract readonly readyPath: string;
  abstract get url(): string;
  /** Called once, before the first start: choose ports, write config files into `this.dir`. */
  protected abstract prepare(): Promise<void>;
  protected abstract args(): string[];

  async start(): Promise<this> {
    const bin = findBinary(this.binary);
    if (!bin) throw new Error(`${this.binary} not found (apt-get install ${this.debianPackage})`);
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), `${this.binary}-`));
      await this.prepare();
    }
    this.stderr = '';
    this.proc = spawn(bin, this.args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    await this.waitReady();
    return this;
  }

  /** SIGTERM (SIGKILL after 10 s), keeping the data dir. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }

  /** SIGKILL, as a crash or an OOM kill would end it, keeping the data dir. */
  async kill(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.proc?.exitCode !== null && this.proc?.exitCode !== undefined) {
        throw new Error(`${this.binary} exited with ${this.proc.exitCode}: ${this.stderr}`);
      }
      try {
        const res = await fetch(`${this.url}${this.readyPath}`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.binary} did not answer ${this.readyPath} within 30 s: ${this.stderr}`);
  }
}
