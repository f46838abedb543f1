import { describe, expect, it } from 'vitest';
import { formatScheduleId, parseScheduleId, ScheduleIdError, type Choice } from './schedule-id.ts';
import { stepRef } from './schedule-step.ts';
import { AdaptiveGrace, accountsForAll } from './quiescence.ts';

describe('schedule ids', () => {
  const a = stepRef(0, 'arrival', 'POST /onboard', 0);
  const q = stepRef(1, 'sql', 'SELECT number FROM businesses WHERE id = ?', 2);
  const r = stepRef(0, 'response', 'purchase', 0);

  it('round-trip and use only shell-safe characters', () => {
    const choices: Choice[] = [{ kind: 'release', ref: a }, { kind: 'together', refs: [a, q] }, { kind: 'drop', ref: r }];
    const id = formatScheduleId(choices);
    expect(id).toMatch(/^[0-9a-z_+.]+$/);
    expect(parseScheduleId(id)).toEqual(choices);
    expect(q).toMatch(/^1q[0-9a-f]{6}_2$/);
  });

  it('a ref names lane, kind, detail and occurrence', () => {
    expect(stepRef(0, 'sql', 'SELECT 1', 0)).not.toBe(stepRef(1, 'sql', 'SELECT 1', 0));
    expect(stepRef(0, 'sql', 'SELECT 1', 0)).not.toBe(stepRef(0, 'sql', 'SELECT 2', 0));
    expect(stepRef(0, 'sql', 'SELECT 1', 0)).not.toBe(stepRef(0, 'sql', 'SELECT 1', 1));
    expect(stepRef(0, 'sql', 'SELECT 1', 0)).toBe(stepRef(0, 'sql', 'SELECT 1', 0));
  });

  it.each(['', 'x0a123456', 'r0z123456', `t${a}`, `r${a}..r${a}`, 'r0a12345'])('refuses %j', (id) => {
    expect(() => parseScheduleId(id)).toThrow(ScheduleIdError);
  });
});

describe('quiescence', () => {
  it('every lane accounted for: held, blocked or done', () => {
    const held = { handle: '1', lane: 0, kind: 'sql' as const, detail: 'SELECT 1' };
    expect(accountsForAll({ pending: [held], blockedLanes: [1], doneLanes: [] }, 2)).toBe(true);
    expect(accountsForAll({ pending: [held], blockedLanes: [], doneLanes: [] }, 2)).toBe(false);
    expect(accountsForAll({ pending: [], blockedLanes: [], doneLanes: [0, 1, 2] }, 3)).toBe(true);
  });

  it('the grace follows the longest settle seen, within its limits', () => {
    const g = new AdaptiveGrace({ initialMs: 50, minMs: 10, maxMs: 200, factor: 4 });
    expect(g.ms).toBe(50);
    g.settled(1);
    expect(g.ms).toBe(10);
    g.settled(20);
    expect(g.ms).toBe(80);
    g.settled(5);
    expect(g.ms).toBe(80);
    g.settled(1_000);
    expect(g.ms).toBe(200);
  });
});
