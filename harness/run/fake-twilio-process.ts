import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createFakeTwilioAdmin, type FakeTwilioAdmin } from '../../fake-twilio/index.ts';
import type { StartedProcess } from '../processes/child-process.ts';
import { startNodeService, type StartedService } from '../processes/started-service.ts';

// The run's fake Twilio, as a child process in its own process group (its latency timers must
// not share an event loop with the burst engine's rendezvous). One per run, reset per cell.

export interface FakeTwilioProcess extends StartedService {
  url: string;
  accountSid: string;
  authToken: string;
  admin: FakeTwilioAdmin;
  process: StartedProcess;
}

export async function startFakeTwilioProcess(options: {
  port?: number;
  seed: number;
  accountSid?: string;
  authToken?: string;
  logDir: string;
  signal?: AbortSignal;
}): Promise<FakeTwilioProcess> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const child = await startNodeService({
    entry: 'fake-twilio/main',
    name: 'fake-twilio',
    args: ['--port', String(options.port ?? 0), '--seed', String(options.seed), '--latency', 'realistic', '--account-sid', accountSid, '--auth-token', authToken],
    logFile: join(options.logDir, 'fake-twilio.log'),
    readyLine: /fake-twilio listening on (http:\/\/\S+)/,
    ...(options.signal ? { signal: options.signal } : {}),
    failure: (failed) => {
      const inUse = /in use|EADDRINUSE/i.test(failed.output);
      return {
        code: inUse ? 'E_TWILIO_PORT_IN_USE' : 'E_FAKE_TWILIO_START',
        what: failed.message,
        fix: inUse ? `choose another --twilio-port than ${options.port}, or stop what listens on it` : `see ${join(options.logDir, 'fake-twilio.log')}`,
      };
    },
  });
  const url = child.readyMatch![1]!;
  return {
    service: 'fake Twilio',
    url,
    accountSid,
    authToken,
    admin: createFakeTwilioAdmin(url),
    process: child,
    [Symbol.asyncDispose]: () => child.stop().then(() => undefined),
  };
}
