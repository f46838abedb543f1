import { keysFor } from './client-behaviours.ts';
import type { ScenarioDefinition, TrackAction } from './scenario-plan.ts';
import { seededRandom } from './seeded-random.ts';

// Tom's Garage (828), 2025-06-13: five Launch Dashboard attempts at 02:14:23, 02:18:07,
// 02:28:35, 02:34:03 and 02:39:06 — offsets in seconds from the first — and the first four
// purchases' responses never reached the app (docs/README.md, §7).
export const INCIDENT_OFFSETS_S = [0, 224, 852, 1180, 1483] as const;
export const INCIDENT_BUSINESS = "Tom's Garage";

export const incidentReplay: ScenarioDefinition = {
  name: 'incident-replay',
  summary: "Tom's Garage: 5 attempts over 25 minutes (÷ time-scale), the first 4 purchases' responses dropped",
  usesPage: false,
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: 2_000, twilioLatency: 'realistic' }),
  plan(input) {
    const random = seededRandom(input.seed);
    // The page's keys: the fixed page reuses its key after each failure; the others send their own.
    const keys = keysFor('page', input.variant, 0, INCIDENT_OFFSETS_S.length, random);
    const fixedKey = keys[0] ?? null;
    const track: TrackAction[] = [];
    // Each attempt is a person clicking again after the previous one failed: it waits for the
    // previous response, then for the incident's own minute.
    INCIDENT_OFFSETS_S.forEach((offset, attempt) => {
      track.push({ do: 'wait-until', atMs: (offset * 1000) / input.timeScale });
      const key = input.variant === 'fixed' ? fixedKey : (keys[attempt] ?? null);
      track.push({ do: 'fire', request: { business: 0, client: 'page', key, instance: 0 } }, { do: 'await-fired' });
    });
    return {
      scenario: 'incident-replay',
      businesses: 1,
      names: [INCIDENT_BUSINESS],
      areaCode: '828',
      instances: 1,
      phases: [{
        label: 'incident',
        twilioFaults: [{ business: 0, kind: 'commit-then-drop', times: 4 }],
        tracks: [track],
      }],
      faults: [{ kind: 'commit-then-drop', business: 0 }],
      burstSize: null,
    };
  },
};
