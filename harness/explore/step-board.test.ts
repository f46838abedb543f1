import { describe, expect, it } from 'vitest';
import type { BatchSummary } from './client-batch.ts';
import { PgProxyControlError } from './control-error.ts';
import { StepBoard } from './step-board.ts';

const summary: BatchSummary = { sql: ['SELECT 1'], endsWith: 'query', awaited: [] };

function submit(board: StepBoard, connectionId: number, seq: number, sent: string[]) {
  return board.submit({ connectionId, backendPid: 100 + connectionId, seq, label: 'select ?', sql: 'SELECT 1', readOnly: true, endsWith: 'query', summary, send: (id) => sent.push(`c${connectionId}s${seq}#${id}`), sendTogether: (id) => sent.push(`together c${connectionId}s${seq}#${id}`) });
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as PgProxyControlError).code;
  }
  return 'no error';
};

describe('StepBoard', () => {
  it('holds steps in hold mode and sends them in the order released, a connection\'s own in sequence', () => {
    const board = new StepBoard('hold');
    const sent: string[] = [];
    const a1 = submit(board, 1, 1, sent);
    const a2 = submit(board, 1, 2, sent);
    const b1 = submit(board, 2, 1, sent);
    expect(sent).toEqual([]);
    expect(codeOf(() => board.release([a2.id]))).toBe('E_PG_PROXY_STEP_ORDER');
    expect(codeOf(() => board.release([a2.id, a1.id]))).toBe('E_PG_PROXY_STEP_ORDER');
    expect(codeOf(() => board.release([b1.id, b1.id]))).toBe('E_PG_PROXY_DUPLICATE_STEP');
    expect(sent).toEqual([]);
    board.release([b1.id, a1.id, a2.id]);
    expect(sent).toEqual([`c2s1#${b1.id}`, `c1s1#${a1.id}`, `c1s2#${a2.id}`]);
    expect(codeOf(() => board.release([a1.id]))).toBe('E_PG_PROXY_STEP_NOT_HELD');
  });

  it('sends at once in pass mode, and releases everything held when switched to it', () => {
    const board = new StepBoard('hold');
    const sent: string[] = [];
    submit(board, 1, 1, sent);
    submit(board, 2, 1, sent);
    expect(board.setMode('pass').map((s) => s.connectionId)).toEqual([1, 2]);
    submit(board, 1, 2, sent);
    expect(sent).toHaveLength(3);
  });

  it('records every state change as an event, and drops a leaving client\'s held and unanswered steps', () => {
    const board = new StepBoard('hold');
    const connection = board.openConnection(4242);
    const sent: string[] = [];
    const first = submit(board, connection, 1, sent);
    board.release([first.id]);
    board.blockedState(first.id, [77]);
    board.blockedState(first.id, [77]); // no change, no event
    board.answered(first.id, 'T');
    const released = submit(board, connection, 2, sent);
    board.release([released.id]);
    const held = submit(board, connection, 3, sent);
    board.closeConnection(connection, 'client closed the connection', [released.id]);
    const states = board.log.after(0).events.map((e) => (e.kind === 'step' ? `${e.step.seq}:${e.step.state}` : e.kind));
    expect(states).toEqual(['connection-opened', '1:held', '1:released', '1:blocked', '1:answered', '2:held', '2:released', '3:held', '2:dropped', '3:dropped', 'connection-closed']);
    expect(board.snapshot().steps).toEqual([]);
    expect(codeOf(() => board.release([held.id]))).toBe('E_PG_PROXY_UNKNOWN_STEP');
  });
});
