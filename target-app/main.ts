// Process entry of the target app (docs/target-contract.md): reads the environment, starts, prints
// `target-app listening on http://127.0.0.1:<port>`, and closes gracefully on SIGTERM/SIGINT.
// Exit codes: 2 invalid environment (naming the variable), 3 database unreachable or the
// port unavailable at start, 0 after a graceful close.
import { ConfigError, loadConfig } from './config.ts';
import { startTargetApp } from './server.ts';

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

async function main(): Promise<number | null> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log(`target-app: invalid environment: ${error.message}`);
    return 2;
  }
  let app;
  try {
    app = await startTargetApp(config, log);
  } catch (error) {
    log(`target-app: could not start: ${(error as Error).message}`);
    return 3;
  }
  process.stdout.write(`target-app listening on ${app.url}\n`);
  log(`target-app: strategy ${config.strategy}, pool ${config.dbPoolMax}, Twilio at ${config.twilio.apiBase} (timeout ${config.twilio.timeoutMs} ms), lease ${config.claimLeaseMs} ms`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log(`target-app: ${signal}, closing`);
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          log(`target-app: close failed: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
  return null;
}

main().then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: Error) => {
    log(`target-app: ${error.stack ?? error.message}`);
    process.exitCode = 4;
  },
);
