import { describe, expect, it } from 'vitest';
import { parseThreshold, type ThresholdSpec } from '../../config/index.ts';
import { evaluateThresholds, failedForGood, type LoadMetrics } from './threshold-check.ts';

const spec = (text: string): ThresholdSpec => {
  const parsed = parseThreshold(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const metrics: LoadMetrics = { p50: 400, p90: 900, p95: 1_200, p99: 1_900, max: 2_500, error_rate: 0.02, dropped: 3, achieved_rate: 9.6 };

describe('thresholds', () => {
  it('pass and fail as written, for every operator, reporting the measured value', () => {
    const results = evaluateThresholds(['p95<1500', 'p95<1200', 'p95<=1200', 'p99>2000', 'p99>=1900', 'error_rate<0.01', 'dropped<=3', 'achieved_rate>=9.5', 'max<2500'].map(spec), metrics);
    expect(results.map((r) => [r.expression, r.ok])).toEqual([
      ['p95<1500', true], ['p95<1200', false], ['p95<=1200', true], ['p99>2000', false], ['p99>=1900', true],
      ['error_rate<0.01', false], ['dropped<=3', true], ['achieved_rate>=9.5', true], ['max<2500', false],
    ]);
    expect(results[5]).toEqual({ expression: 'error_rate<0.01', value: 0.02, ok: false });
  });

  it('judges early only what can never recover: dropped and max under < and <=', () => {
    expect(failedForGood(spec('dropped<1'), metrics)).toBe(true);
    expect(failedForGood(spec('dropped<=3'), metrics)).toBe(false);
    expect(failedForGood(spec('max<=2000'), metrics)).toBe(true);
    // Can still come true, or change either way, before the end:
    expect(failedForGood(spec('dropped>5'), metrics)).toBe(false);
    expect(failedForGood(spec('p95<100'), metrics)).toBe(false);
    expect(failedForGood(spec('error_rate<0.01'), metrics)).toBe(false);
    expect(failedForGood(spec('achieved_rate>=100'), metrics)).toBe(false);
  });
});
