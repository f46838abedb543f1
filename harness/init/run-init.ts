import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { DEFAULT_CONFIG_FILE } from '../config/index.ts';
import { writeConfigFile } from './config-file.ts';
import { completeAnswers, type GivenAnswers, type QuestionIo } from './init-questions.ts';
import { WORKFLOW_PATH, renderWorkflow } from './workflow-template.ts';

// `exactly-one init`: a starting config and a CI workflow in a user's repository. It never starts
// their app (it only records the command that does), and never overwrites a file without
// --force: a team's edited workflow is worth more than our template.

export interface InitRequest extends GivenAnswers {
  force: boolean;
}

export interface InitIo extends QuestionIo {
  cwd: string;
  say(line: string): void;
  warn(line: string): void;
}

export interface InitResult {
  written: string[];
}

export async function runInit(request: InitRequest, io: InitIo): Promise<InitResult> {
  const files = [DEFAULT_CONFIG_FILE, WORKFLOW_PATH];
  const existing = files.filter((file) => existsSync(join(io.cwd, file)));
  // Checked before any question, so nobody answers three questions to be told no.
  if (existing.length > 0 && !request.force) {
    throw new UsageError({
      code: 'E_INIT_FILE_EXISTS',
      message: `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''} in ${io.cwd}`,
      value: existing,
      source: existing[0],
      fix: `keep ${existing.length === 1 ? 'it' : 'them'}, or run init again with --force to replace ${existing.length === 1 ? 'it' : 'both'}`,
    });
  }
  const { force: _force, ...given } = request;
  const answers = await completeAnswers(given, io);
  writeConfigFile(io.cwd, answers);
  const workflow = join(io.cwd, WORKFLOW_PATH);
  mkdirSync(dirname(workflow), { recursive: true });
  writeFileSync(workflow, renderWorkflow());

  io.say(`wrote ${DEFAULT_CONFIG_FILE} (the target: ${answers.targetCmd}${answers.instances ? `, ${answers.instances} instances` : ''})`);
  io.say(`wrote ${WORKFLOW_PATH} (GitHub Actions: npm ci, Google Chrome, the gate, the report as an artifact, JUnit)`);
  for (const warning of repositoryWarnings(io.cwd)) io.warn(`note: ${warning}`);
  io.say('next: npx exactly-one gate   (the same gate CI runs, here; then commit both files)');
  return { written: files };
}

/** What the workflow needs from the repository that init does not write. */
function repositoryWarnings(cwd: string): string[] {
  const warnings: string[] = [];
  if (!existsSync(join(cwd, 'package-lock.json'))) {
    warnings.push('no package-lock.json here: the workflow runs `npm ci`, which needs one (run `npm install -D exactly-one` and commit it)');
  }
  if (!existsSync(join(cwd, '.gitignore'))) warnings.push('add reports/ to .gitignore: every run writes its report there');
  return warnings;
}
