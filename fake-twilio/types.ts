// Public data shapes of the fake Twilio: the ledger (docs/fake-twilio.md) and the fault plan (docs/fake-twilio.md).
// These are contracts read by the harness, the invariants and the reports.

/** `process.hrtime.bigint()` as a decimal string. */
export type Nanos = string;

export type PurchaseResponse = 'sent' | 'dropped' | 'hung' | 'paused' | 'error';

/** One entry per purchase attempt (POST /IncomingPhoneNumbers.json with valid credentials). */
export interface LedgerPurchase {
  seq: number;
  sid: string | null;
  phoneNumber: string | null;
  friendlyName: string | null;
  smsUrl: string | null;
  voiceUrl: string | null;
  accountSid: string;
  /** The `I-Twilio-Idempotency-Token`/`X-Request-Id` header if the client sent one, else a generated id. */
  requestId: string;
  receivedAtNs: Nanos;
  committedAtNs: Nanos | null;
  committed: boolean;
  response: PurchaseResponse;
  /** The faults that fired on this attempt, comma separated (`error:503`, `commit-then-drop`, `latency`…), or null. */
  fault: string | null;
  /** ISO 8601 wall-clock time the attempt was received. */
  wallTime: string;
}

export interface LedgerRelease {
  seq: number;
  sid: string;
  phoneNumber: string;
  releasedAtNs: Nanos;
  wallTime: string;
  /** The faults that fired on this release call (comma separated), or null. Added after §3. */
  fault?: string | null;
}

export interface Ledger {
  purchases: LedgerPurchase[];
  releases: LedgerRelease[];
}

/** Where a ledger reader is: the last purchase seq and the last release seq it has read. */
export interface LedgerCursor {
  after: number;
  releasesAfter: number;
}

/**
 * GET /__admin/ledger?after=<seq>&releasesAfter=<seq>&limit=<n>: purchases with `seq > after`
 * and releases with `seq > releasesAfter`, at most `limit` of each, in seq order; `next` is the
 * cursor of the following page, null once both lists are read to their end.
 */
export interface LedgerPage extends Ledger {
  next: LedgerCursor | null;
}

export interface FakeTwilioState {
  purchases: number;
  committed: number;
  active: number;
  released: number;
  requests: number;
}

export type TwilioOperation = 'search' | 'purchase' | 'list' | 'fetch' | 'update' | 'release';

export type FaultKind =
  | 'latency'
  | 'error'
  | 'fail-before-commit'
  | 'commit-then-drop'
  | 'commit-then-hang'
  | 'commit-then-pause'
  | 'list-lag';

/** A latency: a fixed number of milliseconds or a lognormal distribution. */
export type LatencySpec = number | { medianMs: number; p99Ms: number };

export interface FaultRule {
  /** Which operation the rule applies to; `*` for all. */
  operation: TwilioOperation | '*';
  kind: FaultKind;
  /** Fire on the next N matching calls (default: every call, subject to `probability`). */
  times?: number;
  /** Fire with this probability (0..1), drawn from the plan's seeded random source. */
  probability?: number;
  /** Only calls whose FriendlyName equals this (e.g. `business:<id>`). */
  friendlyName?: string;
  /** `error`: HTTP status 500, 503 or 429 (429 carries code 20429 and Retry-After). */
  status?: 500 | 503 | 429;
  /** `error` with status 429: the Retry-After header, in seconds. */
  retryAfterS?: number;
  /** `latency`: the added latency. */
  latencyMs?: LatencySpec;
  /** `commit-then-hang`: how long the response is held before it is sent (default 60 s). */
  hangMs?: number;
  /** `list-lag`: how long a new number stays out of list results. */
  lagMs?: number;
}

export interface FaultPlan {
  seed?: number;
  rules: FaultRule[];
}

export type LedgerEventType =
  | 'purchase.received'
  | 'purchase.committed'
  | 'purchase.paused'
  | 'purchase.responded'
  | 'release';

/** An entry of GET /__admin/events?after=<seq>&wait=<ms>. */
export interface LedgerEvent {
  seq: number;
  type: LedgerEventType;
  atNs: Nanos;
  purchase?: LedgerPurchase;
  release?: LedgerRelease;
}

/** GET /__admin/numbers: the current state of every number the fake ever sold in this run. */
export interface IncomingNumberSnapshot {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string | null;
  voiceUrl: string | null;
  accountSid: string;
  status: 'active' | 'released';
  /** The ledger `seq` of the purchase that bought it. */
  purchaseSeq: number;
  /** ISO 8601. */
  dateCreated: string;
}

export type LatencyMode = 'realistic' | 'off';

export interface FakeTwilioCredentials {
  accountSid: string;
  authToken: string;
}
