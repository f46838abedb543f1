// One business's share of a scenario plan, as a k6 iteration runs it. The plans in scenarios/
// are the single source of what is sent (the undici engine interprets the same ones): here a
// plan is cut down to the actions about one business, because in k6 each business is one
// iteration of one VU, and iterations are what execution segments divide between processes.
import type { PlannedRequest, ScenarioPlan, TrackAction } from '../scenario-plan.ts';
import { ALLOWED_ERROR_CODES } from '../allowed-responses.ts';
import { resolveKey } from '../client-behaviours.ts';

export type BusinessAction =
  | { do: 'burst'; requests: PlannedRequest[]; burst: number }
  | { do: 'fire'; request: PlannedRequest }
  | { do: 'wait'; ms: number }
  | { do: 'await-fired' };

const UNSUPPORTED: ReadonlySet<TrackAction['do']> = new Set(['await-paused', 'kill-instance', 'restart-instance', 'terminate-db-sessions', 'release-paused', 'wait-until']);

/** The plan's actions that concern business `index`, in order; throws on faults k6 cannot drive. */
export function actionsFor(plan: ScenarioPlan, index: number): BusinessAction[] {
  const out: BusinessAction[] = [];
  let burst = 0;
  for (const phase of plan.phases) {
    if (phase.twilioFaults.length > 0) throw new Error(`${plan.scenario}: fake-Twilio faults need the harness's own engine`);
    for (const track of phase.tracks) {
      const mine = track.some((a) => (a.do === 'burst' && a.requests.some((r) => r.business === index)) || (a.do === 'fire' && a.request.business === index));
      for (const action of track) {
        if (UNSUPPORTED.has(action.do)) throw new Error(`${plan.scenario}: '${action.do}' needs the harness's own engine`);
        if (action.do === 'burst') {
          const requests = action.requests.filter((r) => r.business === index);
          if (requests.length > 0) out.push({ do: 'burst', requests, burst: burst });
          burst++;
        } else if (!mine) {
          continue;
        } else if (action.do === 'fire') {
          if (action.request.business === index) out.push({ do: 'fire', request: action.request });
        } else if (action.do === 'wait') {
          out.push({ do: 'wait', ms: action.ms });
        } else if (action.do === 'await-fired') {
          out.push({ do: 'await-fired' });
        }
      }
    }
  }
  return out;
}

export { ALLOWED_ERROR_CODES, resolveKey };

/** A 2xx that names a number, or an error docs/target-contract.md allows. */
export function isAllowedAnswer(status: number, body: unknown): boolean {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { success?: unknown; phoneNumber?: unknown; code?: unknown };
  if (status >= 200 && status < 300) return b.success === true && (typeof b.phoneNumber === 'string' || b.phoneNumber === undefined);
  const codes = ALLOWED_ERROR_CODES[status];
  return codes !== undefined && typeof b.code === 'string' && codes.includes(b.code);
}
