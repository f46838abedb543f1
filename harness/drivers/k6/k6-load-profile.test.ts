// sustained-load's profile and thresholds in k6's terms (scenarios/k6/load-profile.ts): every
// metric and operator of --threshold maps, and the stages k6 gets schedule the same arrivals.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_STAGES, parseStages, parseThreshold, stagesOf, THRESHOLD_METRICS, THRESHOLD_OPS, type LoadStage, type ThresholdSpec } from '../../config/index.ts';
import { scheduledArrivals } from '../load/index.ts';
import { k6Duration, k6Thresholds, k6Threshold, LATENCY_METRIC, rampingArrivalRate } from '../../../scenarios/k6/load-profile.ts';

const spec = (text: string): ThresholdSpec => {
  const parsed = parseThreshold(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const stages = (text: string): LoadStage[] => {
  const parsed = parseStages(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
/** The k6 scenario read back into our stages: what k6 will be asked to schedule. */
function backFromK6(config: ReturnType<typeof rampingArrivalRate>): LoadStage[] {
  const unit = Number(config.timeUnit.replace(/s$/, ''));
  const rest = config.stages.map((s) => ({ durationS: Number(s.duration.replace(/ms$/, '')) / 1000, target: s.target / unit }));
  return config.startRate > 0 ? [{ durationS: 0, target: config.startRate / unit }, ...rest] : rest;
}

describe('thresholds in k6 syntax', () => {
  const K6_AGGREGATE = { p50: 'med', p90: 'p(90)', p95: 'p(95)', p99: 'p(99)', max: 'max' } as const;
  const profile = [...DEFAULT_LOAD_STAGES];

  for (const metric of THRESHOLD_METRICS) {
    for (const op of THRESHOLD_OPS) {
      it(`${metric}${op}… maps`, () => {
        const t = k6Threshold(spec(`${metric}${op}12`), profile);
        if (metric in K6_AGGREGATE) expect(t).toEqual({ metric: LATENCY_METRIC, expression: `${K6_AGGREGATE[metric as keyof typeof K6_AGGREGATE]}${op}12`, abortOnFail: false });
        else if (metric === 'error_rate') expect(t).toEqual({ metric: 'exactly_one_errors', expression: `rate${op}12`, abortOnFail: false });
        else if (metric === 'dropped') expect(t).toEqual({ metric: 'dropped_iterations', expression: `count${op}12`, abortOnFail: false });
        // arrivals ÷ the 15 s phase ≥ 12/s ⇔ arrivals ≥ 180
        else expect(t).toEqual({ metric: 'exactly_one_arrivals', expression: `count${op}180`, abortOnFail: false });
      });
    }
  }

  it('latency thresholds sit on the answered onboarding requests (a tag and expected_response)', () => {
    expect(LATENCY_METRIC).toBe('http_req_duration{name:complete-onboarding,expected_response:true}');
  });

  it('groups several thresholds on one k6 metric, in order', () => {
    expect(k6Thresholds(['p95<1500', 'error_rate<0.01', 'p99<=3000', 'dropped<1', 'achieved_rate>=9.5'].map(spec), profile)).toEqual({
      [LATENCY_METRIC]: ['p(95)<1500', 'p(99)<=3000'],
      exactly_one_errors: ['rate<0.01'],
      dropped_iterations: ['count<1'],
      exactly_one_arrivals: ['count>=142.5'],
    });
  });

  it('with --abort-on-fail, lets k6 abort only on what the harness would stop for (dropped, max under < <=)', () => {
    const mapped = k6Thresholds(['dropped<1', 'max<=2000', 'max>5', 'p95<1500', 'error_rate<0.01', 'dropped>=0'].map(spec), profile, { abortOnFail: true });
    expect(mapped).toEqual({
      dropped_iterations: [{ threshold: 'count<1', abortOnFail: true }, 'count>=0'],
      [LATENCY_METRIC]: [{ threshold: 'max<=2000', abortOnFail: true }, 'max>5', 'p(95)<1500'],
      exactly_one_errors: ['rate<0.01'],
    });
    expect(k6Thresholds([spec('dropped<1')], profile, { abortOnFail: false })).toEqual({ dropped_iterations: ['count<1'] });
  });

  it('in a run split in segments, each process judges its share of the arrivals', () => {
    expect(k6Thresholds([spec('achieved_rate>=9.5'), spec('dropped<3')], profile, { segments: 4 })).toEqual({
      exactly_one_arrivals: ['count>=35.625'], dropped_iterations: ['count<3'],
    });
    expect(() => k6Thresholds([spec('p95<1')], profile, { segments: 0 })).toThrow(/SEGMENTS/);
    expect(() => k6Thresholds([spec('p95<1')], profile, { segments: Number('x') })).toThrow(/SEGMENTS/);
  });
});

describe('stages as ramping-arrival-rate', () => {
  it('the default profile: a 5 s ramp from 0 to 10/s, then 10 s at 10/s; VUs = max in flight', () => {
    expect(rampingArrivalRate(DEFAULT_LOAD_STAGES, 200)).toEqual({
      executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 200, maxVUs: 200,
      stages: [{ duration: '5000ms', target: 10 }, { duration: '10000ms', target: 10 }],
    });
  });

  it('--rate R --duration D: the leading 0 s jump is k6’s startRate', () => {
    expect(rampingArrivalRate(stagesOf({ rate: 50, durationMs: 30_000 }), 20)).toMatchObject({ startRate: 50, stages: [{ duration: '30000ms', target: 50 }] });
    expect(rampingArrivalRate(stagesOf({ rate: 5, stages: stages('10s:20,1m:20,10s:0') }), 20)).toMatchObject({
      startRate: 5, stages: [{ duration: '10000ms', target: 20 }, { duration: '60000ms', target: 20 }, { duration: '10000ms', target: 0 }],
    });
  });

  it('fractional rates and durations: a longer time unit, whole milliseconds', () => {
    expect(rampingArrivalRate(stages('1.5s:2.5,3s:0.25'), 10)).toMatchObject({
      timeUnit: '100s', startRate: 0, stages: [{ duration: '1500ms', target: 250 }, { duration: '3000ms', target: 25 }],
    });
    expect(k6Duration(0.0004)).toBe('0ms');
    expect(() => rampingArrivalRate(stages('10s:0.12345'), 10)).toThrow(/three decimals/);
  });

  it('refuses an empty profile and a bad VU count', () => {
    expect(() => rampingArrivalRate([], 10)).toThrow(/at least one stage/);
    expect(() => rampingArrivalRate(DEFAULT_LOAD_STAGES, 0)).toThrow(/max in flight/);
  });

  for (const text of ['5s:10,10s:10', '30s:10,5m:50,30s:0', '0s:7,2s:7', '1.5s:2.5,3s:0.25', '10s:3,0s:9,10s:9']) {
    it(`"${text}" schedules the same number of arrivals read back from k6`, () => {
      const ours = stages(text);
      const back = backFromK6(rampingArrivalRate(ours, 10));
      expect(scheduledArrivals(back)).toBe(scheduledArrivals(ours));
    });
  }
});
