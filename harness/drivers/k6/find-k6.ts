import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../../errors.ts';

// The user's k6: K6_BINARY, else `k6` on PATH. The project never installs k6 (it cannot be had
// on our machines); `--engine k6` needs one the user brought.

function isExecutable(path: string): boolean {
  try {
    return statSync(path).isFile() && (accessSync(path, constants.X_OK), true);
  } catch {
    return false;
  }
}

export function findK6(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.K6_BINARY?.trim();
  if (explicit) return isExecutable(explicit) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, process.platform === 'win32' ? 'k6.exe' : 'k6');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function k6MissingError(env: NodeJS.ProcessEnv = process.env): EnvironmentError {
  const explicit = env.K6_BINARY?.trim();
  return new EnvironmentError({
    code: 'E_NO_K6',
    message: explicit ? `K6_BINARY=${explicit} is not an executable file` : '--engine k6 needs the k6 binary, and none is on PATH',
    fix: "install k6 (version 1.0 or later) as k6's installation docs describe — a package manager, a release binary or the container image — "
      + 'then put it on PATH or set K6_BINARY; or run with --engine undici',
  });
}
