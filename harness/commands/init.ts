import type { CommandAction } from '../cli/command-table.ts';
import { runInit } from '../init/index.ts';

// `exactly-one init`: the terminal's streams and the working directory, handed to runInit.
// Questions only when both stdin and stdout are a terminal: piped or in CI, init never waits.
export const init: CommandAction = async (_config, context) => {
  const { targetCmd, instances, publicBaseUrl, force } = context.options as { targetCmd?: string; instances?: number; publicBaseUrl?: string; force?: boolean };
  await runInit(
    {
      force: force ?? false,
      ...(targetCmd !== undefined ? { targetCmd } : {}),
      ...(instances !== undefined ? { instances } : {}),
      ...(publicBaseUrl !== undefined ? { publicBaseUrl } : {}),
    },
    {
      cwd: process.cwd(),
      input: process.stdin,
      output: process.stderr,
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
      say: (line) => context.stdout(`${line}\n`),
      warn: (line) => context.stderr(`${line}\n`),
    },
  );
  return 0;
};
