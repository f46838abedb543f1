import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.ts';
import { optionByKey, type OptionSpec } from '../config/index.ts';
import type { InitAnswers } from './config-file.ts';

// What init asks on a terminal for the values its flags did not give. Without a terminal it
// never asks (a CI job or a script would hang): the missing --target-cmd is then a usage error.
// Each answer is checked with the flag's own schema, so a typed answer and a flag obey one rule.

export interface QuestionIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Whether input and output are a terminal a person is at. */
  interactive: boolean;
}

export type GivenAnswers = Partial<InitAnswers>;

const MAX_TRIES = 3;

export async function completeAnswers(given: GivenAnswers, io: QuestionIo): Promise<InitAnswers> {
  if (given.targetCmd !== undefined && (given.instances !== undefined || !io.interactive) && (given.publicBaseUrl !== undefined || !io.interactive)) {
    return { ...given, targetCmd: given.targetCmd };
  }
  if (!io.interactive) {
    throw new UsageError({
      code: 'E_INIT_NEEDS_TARGET_CMD',
      message: 'init needs the command that starts your app, and there is no terminal to ask on',
      value: undefined,
      source: '--target-cmd',
      fix: 'pass it: npx exactly-one init --target-cmd "node server.js" (optionally --instances N --public-base-url URL)',
    });
  }
  // Lines are read through the interface's iterator, which buffers them, so answers piped in
  // ahead of their questions are not lost; a closed input (Ctrl-D) ends the questions.
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const prompt = async (question: string): Promise<string | undefined> => {
    io.output.write(`${question}: `);
    const next = await lines.next();
    return next.done ? undefined : String(next.value).trim();
  };
  try {
    const targetCmd = given.targetCmd ?? await ask(prompt, io.output, spec('targetCmd'), 'Command that starts your app (it reads PORT, DATABASE_URL, TWILIO_API_BASE…)', true);
    const instances = given.instances ?? await ask(prompt, io.output, spec('instances'), 'Instances of your app to start (blank: 1 for concurrent-burst, 3 for multi-instance)', false);
    const publicBaseUrl = given.publicBaseUrl ?? await ask(prompt, io.output, spec('publicBaseUrl'), "Your app's PUBLIC_BASE_URL for webhook URLs (blank: none)", false);
    return {
      targetCmd: targetCmd as string,
      ...(instances !== undefined ? { instances: instances as number } : {}),
      ...(publicBaseUrl !== undefined ? { publicBaseUrl: publicBaseUrl as string } : {}),
    };
  } finally {
    rl.close();
  }
}

function spec(key: keyof InitAnswers): OptionSpec {
  return optionByKey(key)!;
}

async function ask(
  prompt: (question: string) => Promise<string | undefined>, output: NodeJS.WritableStream, option: OptionSpec, question: string, required: boolean,
): Promise<unknown> {
  let last = '';
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const answer = await prompt(question);
    if (answer === undefined) break;
    last = answer;
    if (answer === '' && !required) return undefined;
    const parsed = option.schema.safeParse(answer);
    if (parsed.success) return parsed.data;
    output.write(`  must be ${option.expected}\n`);
  }
  throw new UsageError({
    code: 'E_INIT_BAD_ANSWER',
    message: `no usable answer for --${option.flag}${last ? `; last answer ${JSON.stringify(last)}` : ''}`,
    value: last || undefined,
    source: `--${option.flag}`,
    fix: `pass it as a flag: --${option.flag} <${option.value ?? 'value'}> (${option.expected})`,
  });
}
