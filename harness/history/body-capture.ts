// Response bodies go to history.jsonl bounded (a few KiB each), and stay in memory only as the
// handful of fields the invariants and reports read, so a cell of thousands of requests is small.

export const DEFAULT_MAX_BODY_BYTES = 4096;

/** Fields of our contract's bodies (docs/target-contract.md) worth keeping in memory. */
const COMPACT_FIELDS = ['success', 'phoneNumber', 'alreadyComplete', 'code', 'message', 'retryAfterMs', 'retryable', 'onboardingStatus'] as const;
const MAX_MESSAGE_CHARS = 200;

export interface CapturedBody {
  /** What history.jsonl gets: parsed JSON when it fits, else `{ truncated, bytes, text }`. */
  stored: unknown;
  /** What the in-memory operation keeps. */
  compact: unknown;
}

export function captureBody(raw: unknown, maxBytes = DEFAULT_MAX_BODY_BYTES): CapturedBody {
  if (raw === undefined || raw === null) return { stored: null, compact: null };
  const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : null;
  const parsed = text === null ? raw : parseJson(text);
  const serialised = text ?? JSON.stringify(raw) ?? '';
  const bytes = Buffer.byteLength(serialised);
  const stored = bytes <= maxBytes ? parsed : { truncated: true, bytes, text: truncateUtf8(serialised, maxBytes) };
  return { stored, compact: compactOf(parsed) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function compactOf(parsed: unknown): unknown {
  if (typeof parsed === 'string') return parsed.length <= MAX_MESSAGE_CHARS ? parsed : `${parsed.slice(0, MAX_MESSAGE_CHARS)}…`;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const source = parsed as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of COMPACT_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    out[field] = typeof value === 'string' && value.length > MAX_MESSAGE_CHARS ? `${value.slice(0, MAX_MESSAGE_CHARS)}…` : value;
  }
  return out;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}
