// The child process of `load.harness_rss_mb` (harness-rss.ts): runs the load path for the given
// seconds in a process of its own and prints the run as one JSON line on stdout (progress on
// stderr). SIGTERM stops the arrivals and ends the run as the driver does on Ctrl-C.
import { setMaxListeners } from 'node:events';
import { measureLoadRss } from './harness-rss.ts';

const durationS = Number(process.argv[2]);
if (!Number.isFinite(durationS) || durationS <= 0 || durationS > 3_600) {
  process.stderr.write(`harness-rss-main: give the run's length in seconds (0 < s ≤ 3600), not ${JSON.stringify(process.argv[2])}\n`);
  process.exit(2);
}
const controller = new AbortController();
// One signal for every request in flight, as a run session's (run-session.ts) is.
setMaxListeners(0, controller.signal);
process.once('SIGTERM', () => controller.abort());
const run = await measureLoadRss({ durationS, signal: controller.signal, say: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify(run)}\n`);
