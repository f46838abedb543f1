import { describe, expect, it } from 'vitest';
import { FaultPlanner, parseFaultPlan } from './fault-plan.ts';
import { TwilioApiError } from './twilio-error.ts';

describe('parseFaultPlan', () => {
  it('accepts every fault kind of docs/fake-twilio.md', () => {
    const plan = parseFaultPlan({
      seed: 3,
      rules: [
        { operation: 'purchase', kind: 'latency', latencyMs: { medianMs: 400, p99Ms: 1500 } },
        { operation: '*', kind: 'error', status: 429, retryAfterS: 2, times: 1 },
        { operation: 'purchase', kind: 'fail-before-commit', probability: 0.1 },
        { operation: 'purchase', kind: 'commit-then-drop', friendlyName: 'business:1' },
        { operation: 'purchase', kind: 'commit-then-hang', hangMs: 100 },
        { operation: 'purchase', kind: 'commit-then-pause' },
        { operation: 'list', kind: 'list-lag', lagMs: 1000 },
      ],
    });
    expect(plan.rules).toHaveLength(7);
  });

  it.each([
    [{ rules: [{ operation: 'purchase', kind: 'error', status: 404 }] }, 'rules.0.status'],
    [{ rules: [{ operation: 'purchase', kind: 'latency' }] }, 'rules.0.latencyMs'],
    [{ rules: [{ operation: 'purchase', kind: 'list-lag' }] }, 'rules.0.lagMs'],
    [{ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: 1, extra: 1 }] }, 'rules.0'],
    [{ rules: [], surprise: true }, '(plan)'],
    [{ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: { medianMs: 0, p99Ms: 100 } }] }, 'rules.0.latencyMs.medianMs'],
    [{ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: { medianMs: 400, p99Ms: 100 } }] }, 'rules.0.latencyMs.p99Ms'],
    [{}, 'rules'],
  ])('rejects %j naming %s', (input, path) => {
    let caught: unknown;
    try {
      parseFaultPlan(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TwilioApiError);
    expect((caught as TwilioApiError).status).toBe(400);
    expect((caught as TwilioApiError).message).toContain(`${path}:`);
  });
});

describe('FaultPlanner', () => {
  it('fires an outcome for the next N calls only, and at most one outcome per call', () => {
    const planner = new FaultPlanner(
      parseFaultPlan({
        rules: [
          { operation: 'purchase', kind: 'commit-then-drop', times: 2 },
          { operation: 'purchase', kind: 'error', status: 503, times: 1 },
          { operation: 'purchase', kind: 'latency', latencyMs: 10 },
        ],
      }),
      1,
    );
    const fired = Array.from({ length: 4 }, () => planner.decide({ operation: 'purchase', friendlyName: null }).fired.join(','));
    expect(fired).toEqual(['commit-then-drop,latency', 'commit-then-drop,latency', 'error:503,latency', 'latency']);
    expect(planner.describe().remaining).toEqual([0, 0, null]);
  });

  it('applies rules only to their operation and friendlyName; list-lag acts on purchases', () => {
    const planner = new FaultPlanner(
      parseFaultPlan({
        rules: [
          { operation: 'purchase', kind: 'commit-then-pause', friendlyName: 'business:7' },
          { operation: 'list', kind: 'list-lag', lagMs: 500 },
        ],
      }),
      1,
    );
    expect(planner.decide({ operation: 'purchase', friendlyName: 'business:8' }).fired).toEqual(['list-lag']);
    const hit = planner.decide({ operation: 'purchase', friendlyName: 'business:7' });
    expect(hit.outcome?.kind).toBe('commit-then-pause');
    expect(hit.listLagMs).toBe(500);
    expect(planner.decide({ operation: 'list', friendlyName: 'business:7' }).fired).toEqual([]);
  });

  it('draws probabilities from the plan seed: same seed, same sequence', () => {
    const draws = (seed: number) => {
      const p = new FaultPlanner(parseFaultPlan({ seed, rules: [{ operation: '*', kind: 'fail-before-commit', probability: 0.3 }] }), 0);
      return Array.from({ length: 200 }, () => p.decide({ operation: 'fetch', friendlyName: null }).outcome !== null);
    };
    expect(draws(4)).toEqual(draws(4));
    expect(draws(4)).not.toEqual(draws(5));
    const hits = draws(4).filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });
});
