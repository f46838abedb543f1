import type { PlannedRequest, ScenarioDefinition, TrackAction } from './scenario-plan.ts';
import { seededRandom, randomToken } from './seeded-random.ts';

// Launch Dashboard clicked 5× within ~100 ms per business (docs/scenarios.md). This plan is the
// API-level replay of what each page sends for those clicks; the browser driver clicks the
// real page instead. Gaps are the ones measured with Chromium: fast mouse clicks ≈ 16–20 ms.
export const CLICKS = 5;
export const CLICK_GAP_MS = 20;

export const rapidClicks: ScenarioDefinition = {
  name: 'rapid-clicks',
  summary: 'Launch Dashboard clicked 5× within ~100 ms per business on the strategy\'s page',
  usesPage: true,
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: 2_000, twilioLatency: 'realistic' }),
  plan(input) {
    const businesses = input.businesses ?? 10;
    const random = seededRandom(input.seed);
    const tracks: TrackAction[][] = Array.from({ length: businesses }, (_, business) => {
      const request = (key: string | null): PlannedRequest => ({ business, client: 'page', key, instance: 0 });
      // The fixed page disables the button on the first click: one request, one key.
      if (input.variant === 'fixed') return [{ do: 'fire', request: request(`page-${business}-${randomToken(random)}`) }, { do: 'await-fired' }];
      const track: TrackAction[] = [];
      for (let click = 0; click < CLICKS; click++) {
        if (click > 0) track.push({ do: 'wait', ms: CLICK_GAP_MS });
        const key = input.variant === 'rca-keys' ? `onboarding-{business}-${1_765_000_000_000 + click * CLICK_GAP_MS}` : null;
        track.push({ do: 'fire', request: request(key) });
      }
      track.push({ do: 'await-fired' });
      return track;
    });
    return {
      scenario: 'rapid-clicks',
      businesses,
      names: [],
      areaCode: '828',
      instances: 1,
      phases: [{ label: 'clicks', twilioFaults: [], tracks }],
      faults: [],
      burstSize: null,
    };
  },
};
