import { burstRequests } from './client-behaviours.ts';
import type { PlanPhase, PlannedFault, PlannedRequest, ScenarioDefinition, TrackAction } from './scenario-plan.ts';
import { seededRandom } from './seeded-random.ts';

// Failures that happen *after* the purchase (docs/fake-twilio.md, §7). Each business meets one fault; the
// settle step then retries as the fixed page does. Faults of one kind run in one phase, so a
// SIGKILL or a terminated database session only hits the businesses it is aimed at, and each is
// timed by the fake's commit-then-pause + events, never by sleeping.

export const NETWORK_FAULTS = [
  'commit-then-drop',
  'twilio-503-then-429',
  'client-abort',
  'sigkill-while-paused',
  'db-sessions-killed-while-paused',
] as const;
export type NetworkFault = (typeof NETWORK_FAULTS)[number];

/** Faults that need control of the target's process or database. */
export const CONTROL_FAULTS: readonly NetworkFault[] = ['sigkill-while-paused', 'db-sessions-killed-while-paused'];

export const CLIENT_ABORT_AFTER_SEND_MS = 100;

function phaseFor(fault: NetworkFault, businesses: number[], request: (b: number) => PlannedRequest): PlanPhase {
  const fireAll: TrackAction[] = businesses.map((b) => ({ do: 'fire', request: request(b) }));
  const awaitPaused: TrackAction[] = businesses.map((business) => ({ do: 'await-paused', business }));
  const releaseAll: TrackAction[] = businesses.map((business) => ({ do: 'release-paused', business }));
  switch (fault) {
    case 'commit-then-drop':
      return { label: fault, twilioFaults: businesses.map((business) => ({ business, kind: 'commit-then-drop', times: 1 })), tracks: [[...fireAll, { do: 'await-fired' }]] };
    case 'twilio-503-then-429':
      return {
        label: fault,
        twilioFaults: businesses.flatMap((business) => [
          { business, kind: 'error' as const, status: 503 as const, times: 1 },
          { business, kind: 'error' as const, status: 429 as const, retryAfterS: 1, times: 1 },
        ]),
        tracks: [[...fireAll, { do: 'await-fired' }]],
      };
    case 'client-abort':
      return {
        label: fault,
        twilioFaults: [],
        tracks: [[...businesses.map((b): TrackAction => ({ do: 'fire', request: { ...request(b), abortAfterSendMs: CLIENT_ABORT_AFTER_SEND_MS } })), { do: 'await-fired' }]],
      };
    case 'sigkill-while-paused':
      return {
        label: fault,
        twilioFaults: businesses.map((business) => ({ business, kind: 'commit-then-pause', times: 1 })),
        tracks: [[...fireAll, ...awaitPaused, { do: 'kill-instance', instance: 0 }, { do: 'restart-instance', instance: 0 }, ...releaseAll, { do: 'await-fired' }]],
      };
    case 'db-sessions-killed-while-paused':
      return {
        label: fault,
        twilioFaults: businesses.map((business) => ({ business, kind: 'commit-then-pause', times: 1 })),
        tracks: [[...fireAll, ...awaitPaused, { do: 'terminate-db-sessions' }, ...releaseAll, { do: 'await-fired' }]],
      };
  }
}

export const networkFailure: ScenarioDefinition = {
  name: 'network-failure',
  summary: 'per business one fault after the purchase (drop, 503→429, client abort, SIGKILL, DB sessions killed), then the settle retries',
  usesPage: false,
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: 2_000, twilioLatency: 'realistic' }),
  plan(input) {
    const businesses = input.businesses ?? 10;
    const random = seededRandom(input.seed);
    const request = (b: number): PlannedRequest => burstRequests(b, 1, input.variant, random)[0]!;
    const kinds = NETWORK_FAULTS.filter((kind) => input.processControl || !CONTROL_FAULTS.includes(kind));
    const faults: PlannedFault[] = [];
    const phases: PlanPhase[] = [];
    for (const kind of kinds) {
      const group = Array.from({ length: businesses }, (_, b) => b).filter((b) => kinds[b % kinds.length] === kind);
      if (group.length === 0) continue;
      faults.push(...group.map((business) => ({ kind, business })));
      phases.push(phaseFor(kind, group, request));
    }
    return { scenario: 'network-failure', businesses, names: [], areaCode: '828', instances: 1, phases, faults, burstSize: null };
  },
};
