import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { UsageError } from '../errors.ts';

// For the config tests: throw-away working directories (removed after each test), optionally with
// a config file in them, and the UsageError a call is expected to throw.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function dirWith(file?: object | string, name = 'exactly-one.config.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-config-'));
  dirs.push(dir);
  if (file !== undefined) writeFileSync(join(dir, name), typeof file === 'string' ? file : JSON.stringify(file));
  return dir;
}

export function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}
