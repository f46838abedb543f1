import { LatencyHistogram, type LatencyPercentiles } from './latency-histogram.ts';

// What the load driver counts as its requests complete: fixed-size, whatever the run's length.
// Latency is every load request that got a response (any status), send to last byte, as k6's
// http_req_duration. An error is a non-2xx answer other than the contract's 409 / 429, or no
// answer at all — except the deliberate client timeout of a retry-after-timeout client, which is
// that client's behaviour, not the target's failure.

export interface ObservedExchange {
  status: number | null;
  error: string | null;
  latencyMs: number;
  /** The client gave up on purpose (retry-after-timeout's first request). */
  deliberateTimeout: boolean;
}

export class LoadStats {
  readonly latency = new LatencyHistogram();
  /** Since the last tick: the series' p95 of each second. */
  readonly tickLatency = new LatencyHistogram();
  requests = 0;
  errors = 0;
  completedSinceTick = 0;
  arrivalsSinceTick = 0;

  observe(exchange: ObservedExchange): void {
    this.requests += 1;
    this.completedSinceTick += 1;
    if (exchange.status !== null) {
      this.latency.record(exchange.latencyMs);
      this.tickLatency.record(exchange.latencyMs);
    }
    if (isError(exchange)) this.errors += 1;
  }

  get errorRate(): number {
    return this.requests === 0 ? 0 : this.errors / this.requests;
  }

  percentiles(): LatencyPercentiles {
    return this.latency.percentiles();
  }

  /** The tick's counts and percentiles, then starts the next tick. */
  takeTick(): { arrivals: number; completed: number; p50Ms: number; p95Ms: number; p99Ms: number } {
    const l = this.tickLatency;
    const tick = { arrivals: this.arrivalsSinceTick, completed: this.completedSinceTick, p50Ms: l.percentile(50), p95Ms: l.percentile(95), p99Ms: l.percentile(99) };
    this.arrivalsSinceTick = 0;
    this.completedSinceTick = 0;
    this.tickLatency.reset();
    return tick;
  }
}

function isError(exchange: ObservedExchange): boolean {
  if (exchange.status === null) return !(exchange.deliberateTimeout && exchange.error === 'timeout');
  if (exchange.status >= 200 && exchange.status < 300) return false;
  return exchange.status !== 409 && exchange.status !== 429;
}
