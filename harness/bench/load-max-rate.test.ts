import { describe, expect, it } from 'vitest';
import { judgeTrial } from './load-max-rate.ts';

describe('a trial of load.max_rate_per_s', () => {
  it('holds when under 1 % of the due arrivals were dropped or failed', () => {
    expect(judgeTrial(1_000, { due: 2_000, arrivals: 1_990, dropped: 10, failed: 9, phaseMs: 2_000 })).toMatchObject({ sustained: true, loss: 0.0095, achievedPerS: 995 });
    expect(judgeTrial(1_000, { due: 2_000, arrivals: 1_990, dropped: 10, failed: 10, phaseMs: 2_000 })).toMatchObject({ sustained: false, loss: 0.01 });
  });

  it('counts failed requests as lost as dropped arrivals are', () => {
    expect(judgeTrial(500, { due: 1_000, arrivals: 1_000, dropped: 0, failed: 20, phaseMs: 2_000 })).toMatchObject({ sustained: false, loss: 0.02 });
  });

  it('never holds a trial in which nothing came due', () => {
    expect(judgeTrial(500, { due: 0, arrivals: 0, dropped: 0, failed: 0, phaseMs: 0 })).toMatchObject({ sustained: false, loss: 1, achievedPerS: 0 });
  });
});
