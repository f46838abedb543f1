import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { EnvironmentError } from '../errors.ts';
import { createFakeTwilioServer, PortInUseError, readyLines } from '../../fake-twilio/index.ts';

// `npm run fake-twilio`: the fake alone, until Ctrl-C (docs/fake-twilio.md).
export const fakeTwilio: CommandAction = async (config, context) => {
  const latency = context.options.latency === 'off' || context.options.latency === 'none' ? 'off' : 'realistic';
  const port = Number(context.options.port ?? config.twilioPort ?? 0);
  let server;
  try {
    server = await createFakeTwilioServer({
      port,
      seed: config.seed,
      latency,
      ...(context.options.accountSid ?? config.twilioAccountSid ? { accountSid: (context.options.accountSid ?? config.twilioAccountSid) as string } : {}),
      ...(context.options.authToken ?? config.twilioAuthToken ? { authToken: (context.options.authToken ?? config.twilioAuthToken) as string } : {}),
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new EnvironmentError({ code: 'E_PORT_IN_USE', message: error.message, fix: `choose another --port than ${port}, or stop what listens on it`, cause: error });
    }
    throw error;
  }
  await using _server = server;
  context.stdout(readyLines(server, latency));
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) return resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  return EXIT.ok;
};
