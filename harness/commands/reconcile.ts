import { spawn } from 'node:child_process';
import type { CommandAction } from '../cli/command-table.ts';
import { nodeEntry } from '../processes/node-entry.ts';

// `npm run reconcile`: the target app's own tool (target-app/reconcile.ts) — it reads the app's
// database and Twilio, so it lives with the app; the harness only runs it with the user's
// arguments and terminal, and passes its exit code on.
export const reconcile: CommandAction = (_config, context) => {
  const { command, args } = nodeEntry('target-app/reconcile');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, ...context.args], { cwd: process.cwd(), stdio: 'inherit' });
    const stop = () => child.kill('SIGTERM');
    context.signal.addEventListener('abort', stop, { once: true });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      context.signal.removeEventListener('abort', stop);
      resolve(code ?? (signal ? 130 : 4));
    });
  });
};
