import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Finds a server binary on PATH. Under CI=true a missing binary fails the run; elsewhere the
 * caller skips loudly (see `describeWithServer`).
 */
export function findBinary(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '')
    .split(delimiter)
    .concat(['/usr/bin', '/usr/sbin', '/usr/local/bin']);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function requireBinary(name: string, debianPackage: string): string | undefined {
  const path = findBinary(name);
  if (path) return path;
  const message = `${name} not found: install Debian's ${debianPackage} (apt-get install ${debianPackage})`;
  if (process.env.CI === 'true') throw new Error(`${message}. CI=true, so this fails the run.`);
  console.warn(`\n*** SKIPPING tests that need ${name}: ${message} ***\n`);
  return undefined;
}

/**
 * `describe` for a suite that needs a real server binary: under CI=true a missing binary throws;
 * elsewhere the suite is replaced by one test that reports the skip (and passes), so it is visible.
 */
export function describeWithServer(
  binary: string,
  debianPackage: string,
  title: string,
  body: () => void,
): void {
  if (requireBinary(binary, debianPackage)) {
    describe(title, body);
  } else {
    describe(title, () => {
      it(`is not run: ${binary} is missing (apt-get install ${debianPackage})`, () => {
        expect(findBinary(binary)).toBeUndefined();
      });
    });
  }
}
