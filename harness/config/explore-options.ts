import { EXPLORE_STRATEGIES, type ExploreStrategy } from '../../model/index.ts';
import {
  DEFAULT_EXPLORE_BOUND, DEFAULT_EXPLORE_BUDGET, DEFAULT_EXPLORE_FAULTS, DEFAULT_EXPLORE_REQUESTS, CLIENT_BEHAVIOURS,
} from '../../scenarios/index.ts';
import { parseScheduleId, ScheduleIdError } from '../explore/schedule-id.ts';
import { formatDuration, parseDuration } from './duration.ts';

// The exploration flags of scenario interleavings (--explore, --explore-requests, --explore-bound,
// --explore-faults, --explore-budget, --schedule, --explore-all), parsed into typed values once, at
// the edge. The explore driver (harness/drivers/explore/) only sees ExploreSettings.

export { EXPLORE_STRATEGIES, type ExploreStrategy };

/** Whichever runs out first. */
export interface ExploreBudget {
  schedules: number;
  ms: number;
}

/** A schedule to replay: the client behaviour it was found under, and its choice sequence. */
export interface ScheduleToReplay {
  client: (typeof CLIENT_BEHAVIOURS)[number];
  choices: string;
}

export interface ExploreSettings {
  strategy: ExploreStrategy;
  requests: number;
  bound: number;
  faults: number;
  budget: ExploreBudget;
  /** --schedule: replay this one schedule instead of searching. */
  schedule: ScheduleToReplay | null;
  /** Keep exploring after the first violation of a client behaviour. */
  exploreAll: boolean;
}

/**
 * `300` (schedules), `20s` (time), or both comma-separated (`300,20s`); the part not given keeps
 * its default. Returns a sentence saying what is wrong otherwise.
 */
export function parseExploreBudget(text: string): Partial<ExploreBudget> | string {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 2) return 'give a number of schedules, a duration, or both';
  const budget: Partial<ExploreBudget> = {};
  for (const part of parts) {
    if (/^\d+$/.test(part)) {
      const n = Number(part);
      if (n < 1 || budget.schedules !== undefined) return `"${part}": give one number of schedules, at least 1`;
      budget.schedules = n;
      continue;
    }
    const ms = parseDuration(part);
    if (ms === undefined || budget.ms !== undefined) return `"${part}" is neither a number of schedules nor a duration such as 20s`;
    budget.ms = ms;
  }
  return budget;
}

export function formatExploreBudget(budget: Partial<ExploreBudget>): string {
  return [budget.schedules, budget.ms === undefined ? undefined : formatDuration(budget.ms)].filter((p) => p !== undefined).join(',');
}

/** `<client>:<choices>` as failing runs print it (the client prefix may be left out: no-key). */
export function parseSchedule(text: string): ScheduleToReplay | string {
  const colon = text.indexOf(':');
  const client = colon === -1 ? 'no-key' : text.slice(0, colon);
  const choices = colon === -1 ? text : text.slice(colon + 1);
  if (!(CLIENT_BEHAVIOURS as readonly string[]).includes(client)) return `"${client}" is not a client behaviour (${CLIENT_BEHAVIOURS.join(', ')})`;
  try {
    parseScheduleId(choices);
  } catch (error) {
    if (error instanceof ScheduleIdError) return error.message;
    throw error;
  }
  return { client: client as ScheduleToReplay['client'], choices };
}

export function formatSchedule(schedule: ScheduleToReplay): string {
  return `${schedule.client}:${schedule.choices}`;
}

/** The exploration settings of a run from its validated configuration, defaults filled in. */
export function exploreSettingsOf(
  config: { explore?: ExploreStrategy; exploreRequests?: number; exploreBound?: number; exploreFaults?: number; exploreBudget?: Partial<ExploreBudget>; schedule?: ScheduleToReplay; exploreAll?: boolean },
  defaultBudget: ExploreBudget = DEFAULT_EXPLORE_BUDGET,
): ExploreSettings {
  return {
    strategy: config.explore ?? 'dfs',
    requests: config.exploreRequests ?? DEFAULT_EXPLORE_REQUESTS,
    bound: config.exploreBound ?? DEFAULT_EXPLORE_BOUND,
    faults: config.exploreFaults ?? DEFAULT_EXPLORE_FAULTS,
    budget: { ...defaultBudget, ...config.exploreBudget },
    schedule: config.schedule ?? null,
    exploreAll: config.exploreAll ?? false,
  };
}
