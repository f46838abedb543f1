import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/index.ts';

// The exactly-one.config.json that init writes. It goes through the very loader every other
// command uses before it takes its final name, so a file init wrote always loads: a value the
// loader would refuse never reaches the user's repository.

export interface InitAnswers {
  targetCmd: string;
  instances?: number;
  publicBaseUrl?: string;
}

export function renderConfig(answers: InitAnswers): string {
  const config: Record<string, unknown> = { targetCmd: answers.targetCmd };
  if (answers.instances !== undefined) config.instances = answers.instances;
  if (answers.publicBaseUrl !== undefined) config.publicBaseUrl = answers.publicBaseUrl;
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Writes the config into `dir`, validated by loadConfig first; returns its path. */
export function writeConfigFile(dir: string, answers: InitAnswers): string {
  const path = join(dir, DEFAULT_CONFIG_FILE);
  const draft = join(dir, `.${DEFAULT_CONFIG_FILE}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(draft, renderConfig(answers));
  try {
    // An empty environment: the file must load on its own, whatever EXACTLY_ONE_* this shell has.
    loadConfig({ flags: { config: draft }, env: {}, cwd: dir });
    renameSync(draft, path);
  } finally {
    rmSync(draft, { force: true });
  }
  return path;
}
