// The plain progress line of a load run (a log, CI, or a terminal alike), every few seconds.

export interface ProgressFacts {
  elapsedMs: number;
  totalMs: number;
  arrivals: number;
  dropped: number;
  inFlight: number;
  p95Ms: number;
  violations: number;
}

export function progressLine(f: ProgressFacts): string {
  const elapsedS = f.elapsedMs / 1000;
  const rate = elapsedS > 0 ? f.arrivals / elapsedS : 0;
  return [
    `load ${formatS(f.elapsedMs)}/${formatS(f.totalMs)}`,
    `${rate.toFixed(1)} arrivals/s`,
    `${f.arrivals} sent, ${f.dropped} dropped`,
    `${f.inFlight} in flight`,
    `p95 ${Math.round(f.p95Ms)} ms`,
    `${f.violations} business(es) bought twice so far`,
  ].join(' · ');
}

function formatS(ms: number): string {
  return `${Math.floor(ms / 1000)}s`;
}
