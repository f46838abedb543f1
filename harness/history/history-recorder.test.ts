import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryFile } from './history-file.ts';
import { createHistoryRecorder } from './history-recorder.ts';

/** A clock that ticks by 10 ns per reading, so order is visible and exact. */
function tickingClock(): () => bigint {
  let t = 1000n;
  return () => (t += 10n);
}

const post = (businessId: string) => ({ businessId, client: 'no-key' as const, method: 'POST' as const, path: `/api/businesses/${businessId}/complete-onboarding` });

describe('createHistoryRecorder', () => {
  it('assigns ids in invoke order and classifies each completion', () => {
    const lines: string[] = [];
    const recorder = createHistoryRecorder({ scenario: 'concurrent-burst', cell: 'concurrent-burst [naive/mixed]', sink: { write: (l) => lines.push(l) }, now: tickingClock() });
    const a = recorder.invoke({ ...post('b1'), burst: 0, key: 'k1' });
    const b = recorder.invoke({ ...post('b1'), burst: 0, instance: 2 });
    const c = recorder.invoke(post('b2'));
    const d = recorder.invoke(post('b2'));
    b.complete({ status: 409, body: { success: false, code: 'ONBOARDING_IN_PROGRESS', retryAfterMs: 100 } });
    a.complete({ status: 200, body: '{"success":true,"phoneNumber":"+18285550101","alreadyComplete":false}', arrivalNs: '1234' });
    c.complete({ error: 'timeout' });
    d.complete({ error: 'ECONNREFUSED' });
    const ops = recorder.operations();
    expect(ops.map((o) => [o.id, o.outcome, o.status, o.error])).toEqual([
      [1, 'ok', 200, null],
      [2, 'fail', 409, null],
      [3, 'info', null, 'timeout'],
      [4, 'fail', null, 'ECONNREFUSED'],
    ]);
    expect(ops[0]).toMatchObject({ scenario: 'concurrent-burst', cell: 'concurrent-burst [naive/mixed]', businessId: 'b1', key: 'k1', burst: 0, instance: 0, arrivalNs: '1234', invokeNs: '1010' });
    expect(ops[1]).toMatchObject({ instance: 2, key: null, body: { success: false, code: 'ONBOARDING_IN_PROGRESS', retryAfterMs: 100 } });
    expect(BigInt(ops[0]!.completeNs)).toBeGreaterThan(BigInt(ops[0]!.invokeNs));
    // Streamed in completion order, one JSON object a line.
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([2, 1, 3, 4]);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
  });

  it('explicit ok/fail/info refuse a result of another outcome, and a second completion', () => {
    const recorder = createHistoryRecorder({ scenario: 's' });
    const h = recorder.invoke(post('b1'));
    expect(() => h.ok({ status: 503 })).toThrow(expect.objectContaining({ code: 'HISTORY_OUTCOME_MISMATCH' }));
    expect(h.fail({ status: 503, body: { code: 'TWILIO_UNAVAILABLE' } }).outcome).toBe('fail');
    expect(() => h.info('timeout')).toThrow(expect.objectContaining({ code: 'HISTORY_ALREADY_COMPLETED' }));
    expect(recorder.invoke(post('b1')).info('aborted')).toMatchObject({ outcome: 'info', error: 'aborted', id: 2 });
  });

  it('keeps a compact body in memory and a bounded one in the file', () => {
    const lines: string[] = [];
    const recorder = createHistoryRecorder({ scenario: 's', sink: { write: (l) => lines.push(l) }, maxBodyBytes: 64 });
    const body = { success: false, code: 'DATABASE_UNAVAILABLE', message: 'pool', stack: 'x'.repeat(500) };
    const op = recorder.invoke(post('b1')).complete({ status: 503, body });
    expect(op.body).toEqual({ success: false, code: 'DATABASE_UNAVAILABLE', message: 'pool' });
    expect(JSON.parse(lines[0]!).body).toMatchObject({ truncated: true });
  });

  it('records whole operations measured elsewhere with the next id', () => {
    const recorder = createHistoryRecorder({ scenario: 'rapid-clicks', attempt: 2 });
    recorder.invoke(post('b1')).complete({ status: 200, body: { phoneNumber: '+1' } });
    const op = recorder.record({ ...post('b1'), client: 'browser', invokeNs: '5', completeNs: '9', status: 200, body: { success: true, phoneNumber: '+1' } });
    expect(op).toMatchObject({ id: 2, attempt: 2, client: 'browser', invokeNs: '5', completeNs: '9', outcome: 'ok' });
  });

  it('on close, an operation still pending is recorded as unknown, and nothing more is accepted', () => {
    const recorder = createHistoryRecorder({ scenario: 's' });
    const hung = recorder.invoke(post('b1'));
    expect(recorder.pendingCount()).toBe(1);
    {
      using _closing = recorder;
    }
    expect(recorder.operations()).toMatchObject([{ id: 1, outcome: 'info', error: 'not-completed' }]);
    expect(recorder.pendingCount()).toBe(0);
    expect(() => hung.complete({ status: 200 })).toThrow(expect.objectContaining({ code: 'HISTORY_ALREADY_COMPLETED' }));
    expect(() => recorder.invoke(post('b1'))).toThrow(expect.objectContaining({ code: 'HISTORY_CLOSED' }));
  });
});

describe('openHistoryFile', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('streams many operations to history.jsonl and closes cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'history-'));
    const path = join(dir, 'run', 'history.jsonl');
    {
      await using file = openHistoryFile(path);
      const recorder = createHistoryRecorder({ scenario: 'db-lock-under-load', sink: file });
      for (let i = 0; i < 2000; i++) recorder.invoke(post(`b${i % 200}`)).complete({ status: 200, body: { success: true, phoneNumber: `+1828555${String(i).padStart(4, '0')}` } });
      await file.flush();
    }
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2000);
    expect(JSON.parse(lines[1999]!)).toMatchObject({ id: 2000, businessId: 'b199', outcome: 'ok' });
  });
});
