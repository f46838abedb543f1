// The one core of the fake: accounts, inventory, incoming numbers, the ledger, the fault plan and
// the call pipeline (faults → latency → commit → outcome). It knows nothing of HTTP transports:
// the served server and the msw handlers call `handle()` and carry out its `Disposition`.
import type { FakeTwilioCredentials, FakeTwilioState, FaultPlan, LatencyMode, LedgerPurchase, TwilioOperation } from './types.ts';
import type { CoreRequest, CoreResponse, Disposition } from './core-types.ts';
import { SEND } from './core-types.ts';
import { createSeededRandom, deriveSeed, type SeededRandom } from './seeded-random.ts';
import { Inventory } from './inventory.ts';
import { IncomingNumbers } from './incoming-numbers.ts';
import { PurchaseLedger } from './purchase-ledger.ts';
import { FaultPlanner, type FaultDecision } from './fault-plan.ts';
import { baseLatencyMs, sleep as realSleep } from './latency-model.ts';
import { ResponseHolds } from './response-holds.ts';
import { ExplorationHolds } from './exploration-holds.ts';
import { TwilioApiError, errors } from './twilio-error.ts';
import { handleRestRequest } from './rest-routes.ts';
import { handleAdminRequest } from './admin-routes.ts';
import { IN_PROCESS_SITE, type AdminSite } from './admin-guard.ts';

export interface FakeTwilioCoreOptions {
  seed?: number;
  latency?: LatencyMode;
  accountSid?: string;
  authToken?: string;
  /** Caps the stock of some area codes, e.g. `{ '828': 3 }`, so a test can exhaust one. */
  stock?: Record<string, number>;
  /** Largest request body accepted (default 64 KiB); larger → 413. */
  maxBodyBytes?: number;
  /** Monotonic clock (default `process.hrtime.bigint`). */
  now?: () => bigint;
  /** Replaces the latency wait (tests use it to control interleavings). Called for every call, even at 0 ms. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_SEED = 828;
/** The largest request line + headers (Node's default, set explicitly on the served server): larger → 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_HANG_MS = 60_000;

/** The default credentials: a fixed test pair derived from the seed, so a run is reproducible. */
export function defaultCredentials(seed: number): FakeTwilioCredentials {
  const random = createSeededRandom(deriveSeed(seed, 'credentials'));
  return { accountSid: `AC${random.hex(32)}`, authToken: random.hex(32) };
}

interface RunState {
  seed: number;
  random: SeededRandom;
  inventory: Inventory;
  numbers: IncomingNumbers;
  ledger: PurchaseLedger;
  planner: FaultPlanner;
  requests: number;
}

/** The outcome of an operation's work: a response body and, for a purchase, the ledger entry. */
export interface CallResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class FakeTwilioCore {
  readonly credentials: FakeTwilioCredentials;
  /** The latency mode the fake was started with; a reset may set another for its run. */
  private readonly startLatency: LatencyMode;
  private runLatency: LatencyMode | undefined;
  readonly maxBodyBytes: number;
  readonly now: () => bigint;
  /** Where the admin API is reachable: the adapter sets it (the served port, msw's origin) so the guard knows the fake's own Host and Origin. */
  adminSite: AdminSite = IN_PROCESS_SITE;
  private readonly options: FakeTwilioCoreOptions;
  private run: RunState;
  private readonly holds = new ResponseHolds();
  /** Exploration hold mode (off unless PUT /__admin/holds turns it on): exploration-holds.ts. */
  readonly explorationHolds: ExplorationHolds;

  constructor(options: FakeTwilioCoreOptions = {}) {
    this.options = options;
    const seed = options.seed ?? DEFAULT_SEED;
    const defaults = defaultCredentials(seed);
    this.credentials = { accountSid: options.accountSid ?? defaults.accountSid, authToken: options.authToken ?? defaults.authToken };
    this.startLatency = options.latency ?? 'realistic';
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
    this.now = options.now ?? process.hrtime.bigint;
    this.run = this.freshRun(seed);
    this.explorationHolds = new ExplorationHolds(this.now);
  }

  get seed(): number {
    return this.run.seed;
  }

  /** The latency of this run: the reset's, else the one the fake was started with. */
  get latency(): LatencyMode {
    return this.runLatency ?? this.startLatency;
  }
  get inventory(): Inventory {
    return this.run.inventory;
  }
  get numbers(): IncomingNumbers {
    return this.run.numbers;
  }
  get ledger(): PurchaseLedger {
    return this.run.ledger;
  }
  get faults(): FaultPlanner {
    return this.run.planner;
  }
  get random(): SeededRandom {
    return this.run.random;
  }
  nowMs(): number {
    return Number(this.now() / 1_000_000n);
  }

  /** Entry point of both adapters. Never throws: every failure is a Twilio-style error response. */
  async handle(req: CoreRequest): Promise<CoreResponse> {
    try {
      // The served adapter's parser enforces this before the core sees the request; msw has no limit of its own.
      if (headerBytes(req) > MAX_HEADER_BYTES) throw errors.headersTooLarge(MAX_HEADER_BYTES);
      if (req.path.startsWith('/__admin/') || req.path === '/__admin') return await handleAdminRequest(this, req);
      this.run.requests++;
      return await handleRestRequest(this, req);
    } catch (err) {
      return errorResponse(err);
    }
  }

  state(): FakeTwilioState {
    return { ...this.run.ledger.counts(), ...this.run.numbers.counts(), requests: this.run.requests };
  }

  setFaults(plan: FaultPlan): void {
    this.run.planner = new FaultPlanner(plan, deriveSeed(this.run.seed, 'faults'));
  }

  /** Starts a new run: empty ledger and numbers, fresh inventory, no faults; held responses go out. Credentials stay. */
  /** A fresh run: empty ledger and numbers; `latency` for this run only (absent: the start mode). */
  reset(seed?: number, latency?: LatencyMode): void {
    this.runLatency = latency;
    this.run.ledger.wakeAll();
    this.holds.releaseAll();
    this.explorationHolds.dispose();
    this.run = this.freshRun(seed ?? this.run.seed);
  }

  /** Lets paused purchase responses go: one by ledger seq, or all. Returns the seqs released. */
  releasePaused(seq?: number): number[] {
    return this.holds.release(seq);
  }

  /** Ends every hold and long-poll (server close). */
  dispose(): void {
    this.run.ledger.wakeAll();
    this.holds.releaseAll();
    this.explorationHolds.dispose();
  }

  /**
   * The pipeline every Twilio call goes through (docs/fake-twilio.md, §6): decide faults, wait the latency
   * (a client that leaves meanwhile gets nothing committed), then an error fault, or the work
   * (the commit), then the outcome fault that decides what happens to the response.
   */
  async call(
    operation: TwilioOperation,
    friendlyName: string | null,
    req: CoreRequest,
    work: (decision: FaultDecision) => CallResult,
    entry?: LedgerPurchase,
  ): Promise<CoreResponse> {
    const signal = req.signal;
    const holdInfo = { operation, method: req.method, path: req.path, friendlyName, requestId: requestIdOf(req), purchaseSeq: entry?.seq ?? null };
    const ledger = this.run.ledger;
    const settle = (response: LedgerPurchase['response']): void => {
      if (!entry) return;
      entry.response = response;
      ledger.responded(entry);
    };
    // A call held across a reset belongs to the run that ended: it is dropped, never committed into the new one.
    // Awaited only in hold mode: off, the pipeline keeps the exact microtask timing it always had.
    const held = this.explorationHolds.holdCall(holdInfo, signal);
    if (held && (await held) === 'drop') {
      settle('dropped');
      return { status: 499, headers: {}, body: null, disposition: { kind: 'drop' } };
    }
    const decision = this.run.planner.decide({ operation, friendlyName });
    if (entry && decision.fired.length) entry.fault = decision.fired.join(',');
    const ms = baseLatencyMs(this.latency, operation, this.run.random) + decision.extraLatencyMs;
    if (this.options.sleep) await this.options.sleep(ms, signal);
    else if (ms > 0) await realSleep(ms, signal);
    if (signal.aborted) {
      settle('dropped');
      return { status: 499, headers: {}, body: null, disposition: { kind: 'drop' } };
    }
    const outcome = decision.outcome;
    if (outcome?.kind === 'error') {
      settle('error');
      const status = outcome.rule.status ?? 500;
      throw status === 429 ? errors.tooManyRequests(outcome.rule.retryAfterS ?? 1) : errors.serverError(status);
    }
    if (outcome?.kind === 'fail-before-commit') {
      settle('dropped');
      return { status: 502, headers: {}, body: null, disposition: { kind: 'drop' } };
    }
    let result: CallResult;
    try {
      result = work(decision);
    } catch (err) {
      settle('error');
      throw err;
    }
    const response = (disposition: Disposition): CoreResponse => ({ status: result.status, headers: result.headers ?? {}, body: result.body, disposition });
    switch (outcome?.kind) {
      case 'commit-then-drop':
        settle('dropped');
        return response({ kind: 'drop' });
      case 'commit-then-hang': {
        if (entry) entry.response = 'hung';
        const until = this.holds.hang(outcome.rule.hangMs ?? DEFAULT_HANG_MS, signal);
        return response({ kind: 'hold', until: until.then(() => entry && ledger.responded(entry)) });
      }
      case 'commit-then-pause': {
        // Only purchases have a ledger seq to release by: elsewhere a pause is a hang of the default length.
        if (!entry) return response({ kind: 'hold', until: this.holds.hang(DEFAULT_HANG_MS, signal) });
        ledger.markPaused(entry);
        const until = this.holds.pause(entry.seq);
        return response({ kind: 'hold', until: until.then(() => ledger.responded(entry)) });
      }
      default: {
        // Only a purchase has a response worth losing (it bought a number); other calls are held on arrival only.
        const heldResponse = entry ? this.explorationHolds.holdResponse(holdInfo, signal) : null;
        const verdict = heldResponse ? await heldResponse : 'deliver';
        if (verdict === 'drop' && entry) entry.fault = entry.fault ? `${entry.fault},explore-drop` : 'explore-drop';
        settle(verdict === 'deliver' ? 'sent' : 'dropped');
        return response(verdict === 'deliver' ? SEND : { kind: 'drop' });
      }
    }
  }

  private freshRun(seed: number): RunState {
    return {
      seed,
      random: createSeededRandom(deriveSeed(seed, 'calls')),
      inventory: new Inventory({ seed, ...(this.options.stock ? { stock: this.options.stock } : {}) }),
      numbers: new IncomingNumbers(),
      ledger: new PurchaseLedger(this.now),
      planner: new FaultPlanner({ rules: [] }, deriveSeed(seed, 'faults')),
      requests: 0,
    };
  }
}

export function createFakeTwilioCore(options: FakeTwilioCoreOptions = {}): FakeTwilioCore {
  return new FakeTwilioCore(options);
}

function requestIdOf(req: CoreRequest): string | null {
  return req.headers['i-twilio-idempotency-token'] ?? req.headers['x-request-id'] ?? null;
}

function headerBytes(req: CoreRequest): number {
  let n = req.method.length + req.path.length + req.query.toString().length + 12;
  for (const [k, v] of Object.entries(req.headers)) n += k.length + (v?.length ?? 0) + 4;
  return n;
}

export function errorResponse(err: unknown): CoreResponse {
  const e = err instanceof TwilioApiError ? err : new TwilioApiError(500, 20500, `Internal error of the fake: ${err instanceof Error ? err.message : String(err)}`);
  const headers: Record<string, string> = {};
  if (e.retryAfterS !== undefined) headers['retry-after'] = String(e.retryAfterS);
  if (e.status === 401) headers['www-authenticate'] = 'Basic realm="Twilio API"';
  return { status: e.status, headers, body: e.toBody(), disposition: SEND };
}
