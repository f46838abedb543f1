// The admin API (docs/fake-twilio.md), JSON in and out, under /__admin so it never collides with Twilio's
// paths. It has no authentication (the fake is a local test double), so every route sits behind
// one guard (admin-guard.ts): loopback Host, the fake's own Origin, JSON bodies only.
import { z } from 'zod';
import type { CoreRequest, CoreResponse } from './core-types.ts';
import { SEND } from './core-types.ts';
import type { FakeTwilioCore } from './fake-twilio-core.ts';
import { parseFaultPlan } from './fault-plan.ts';
import { MAX_EVENT_WAIT_MS } from './purchase-ledger.ts';
import { guardAdminRequest } from './admin-guard.ts';
import { integer, parseLedgerQuery } from './ledger-query.ts';
import { parseQuery } from './form-body.ts';
import { TwilioApiError, errors } from './twilio-error.ts';

const resetBody = z.strictObject({ seed: z.number().int().optional(), latency: z.enum(['realistic', 'off']).optional() });
const releaseBody = z.strictObject({ seq: z.number().int().positive().optional() });

const holdsBody = z.strictObject({ enabled: z.boolean() });
const holdIdsBody = z.strictObject({ ids: z.array(z.number().int().positive()).min(1) });

const ok = (body: unknown): CoreResponse => ({ status: 200, headers: {}, body, disposition: SEND });

export async function handleAdminRequest(core: FakeTwilioCore, req: CoreRequest): Promise<CoreResponse> {
  guardAdminRequest(req, core.adminSite);
  const route = `${req.method} ${req.path.replace(/\/$/, '')}`;
  switch (route) {
    case 'GET /__admin/ledger': {
      const q = parseLedgerQuery(req);
      return ok(q.kind === 'whole' ? core.ledger.snapshot() : core.ledger.page(q.after, q.releasesAfter, q.limit));
    }
    case 'GET /__admin/state':
      return ok(core.state());
    case 'GET /__admin/numbers':
      return ok({ numbers: core.numbers.snapshots() });
    case 'POST /__admin/reset': {
      const body = parse(resetBody, jsonBody(req), 'reset body');
      core.reset(body.seed, body.latency);
      return ok({ reset: true, seed: core.seed, latency: core.latency });
    }
    case 'PUT /__admin/faults':
      core.setFaults(parseFaultPlan(jsonBody(req)));
      return ok(core.faults.describe());
    case 'GET /__admin/faults':
      return ok(core.faults.describe());
    case 'DELETE /__admin/faults':
      core.setFaults({ rules: [] });
      return ok(core.faults.describe());
    case 'GET /__admin/events': {
      const { after, wait } = longPoll(req);
      return ok(await core.ledger.waitForEvents(after, wait, req.signal));
    }
    case 'POST /__admin/release-paused': {
      const body = parse(releaseBody, jsonBody(req), 'release-paused body');
      return ok({ released: core.releasePaused(body.seq) });
    }
    // Exploration hold mode (exploration-holds.ts): the interleaving explorer's Twilio boundary.
    case 'GET /__admin/holds':
      return ok({ enabled: core.explorationHolds.enabled, held: core.explorationHolds.held() });
    case 'PUT /__admin/holds': {
      const body = parse(holdsBody, jsonBody(req), 'holds body');
      return ok({ enabled: body.enabled, released: core.explorationHolds.setEnabled(body.enabled) });
    }
    case 'GET /__admin/holds/events': {
      const { after, wait } = longPoll(req);
      return ok(await core.explorationHolds.waitForEvents(after, wait, req.signal));
    }
    case 'POST /__admin/holds/release':
      return ok({ released: core.explorationHolds.release(parse(holdIdsBody, jsonBody(req), 'holds body').ids) });
    case 'POST /__admin/holds/drop':
      return ok({ dropped: core.explorationHolds.drop(parse(holdIdsBody, jsonBody(req), 'holds body').ids) });
    default:
      if (/^\/__admin\/(ledger|state|numbers|reset|faults|events|release-paused|holds|holds\/events|holds\/release|holds\/drop)$/.test(req.path.replace(/\/$/, ''))) throw errors.methodNotAllowed(req.method, req.path);
      throw errors.notFound(req.path);
  }
}

/** `?after=<seq>&wait=<ms>` of the long-polls. Any safe integer: callers ask for "after everything" with Number.MAX_SAFE_INTEGER. */
function longPoll(req: CoreRequest): { after: number; wait: number } {
  const params = parseQuery(req.query);
  const after = integer(params, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  return { after, wait: Math.min(integer(params, 'wait', 0, 0, Number.MAX_SAFE_INTEGER), MAX_EVENT_WAIT_MS) };
}

function jsonBody(req: CoreRequest): unknown {
  if (req.body === null) throw new TwilioApiError(413, 20413, 'Request body too large');
  // Blank stays the optional body it always was; the guard has checked the type of any other.
  if (req.body.trim() === '') return {};
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw errors.invalidParameter('Body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw errors.invalidParameter(`Invalid ${what}: ${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
}
