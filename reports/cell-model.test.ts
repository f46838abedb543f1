import { describe, expect, it } from 'vitest';
import { buildCellData, ownerOf, relMs, TIMELINE_ROWS } from './cell-model.ts';
import { reportFixture } from './fixtures.ts';
import { incidentTimeline } from './incident-timeline.ts';

describe('buildCellData', () => {
  it('draws the businesses with violations first and summarises the rest', () => {
    const input = reportFixture('fail');
    const scenario = input.result.scenarios[3]!;
    const cell = input.cells[3]!;
    const data = buildCellData(cell, scenario);
    const violated = new Set(scenario.invariants.flatMap((i) => i.violations.map((v) => v.businessId)));
    expect(violated.size).toBeGreaterThan(TIMELINE_ROWS);
    expect(data.timeline.names).toHaveLength(TIMELINE_ROWS);
    expect(data.timeline.flagged).toHaveLength(TIMELINE_ROWS);
    expect(data.timeline.hidden.businesses).toBe(cell.businesses.length - TIMELINE_ROWS);
    const drawnOps = data.timeline.ops.length / 4;
    expect(drawnOps + data.timeline.hidden.requests).toBe(cell.history.length);
  });

  it('keeps every request of a small run, with times relative to its first request', () => {
    const input = reportFixture('pass');
    const data = buildCellData(input.cells[0]!, input.result.scenarios[0]);
    expect(data.timeline.ops.length / 4).toBe(input.cells[0]!.history.length);
    expect(Math.min(...data.timeline.ops.filter((_, i) => i % 4 === 1))).toBe(0);
    expect(data.timeline.buys.length / 3).toBe(input.cells[0]!.ledger.purchases.length);
    const posts = input.cells[0]!.history.filter((o) => o.method === 'POST' && o.client !== 'settle').length;
    expect(data.latency!.counts.reduce((a, b) => a + b, 0)).toBe(posts);
    expect(data.bursts!.send).toHaveLength(input.result.scenarios[0]!.burst!.bursts);
  });

  it('counts one burst per business when the harness releases every business under one burst index', () => {
    const input = reportFixture('pass');
    const cell = { ...input.cells[0]!, history: input.cells[0]!.history.map((o) => ({ ...o, burst: o.burst === null ? null : 0 })) };
    const data = buildCellData(cell, input.result.scenarios[0]);
    expect(data.bursts!.send).toHaveLength(input.result.scenarios[0]!.burst!.bursts);
    expect(Math.max(...data.bursts!.send)).toBeLessThan(1);
  });

  it('measures sub-millisecond spreads to the microsecond', () => {
    expect(relMs('1001500000', 1000000000n)).toBe(1.5);
    expect(relMs('1000012000', 1000000000n)).toBe(0.012);
    expect(relMs('1000000001', 1000000000n)).toBe(0);
  });

  it('reads who a purchase belongs to from the checkers, never by its own rule', () => {
    const base = { seq: 1, sid: 'PN1', phoneNumber: '+1', accountSid: 'AC', requestId: 'r', receivedAtNs: '1', committedAtNs: '2', committed: true, response: 'sent' as const, fault: null, wallTime: '' };
    const cell = { scenarioIndex: 0, businesses: [], history: [], ledger: { purchases: [], releases: [] }, findings: { owners: { 1: 'b1', 2: null }, spreads: null, latency: null } };
    expect(ownerOf(cell, { ...base, friendlyName: 'business:b1', smsUrl: null, voiceUrl: null })).toBe('b1');
    expect(ownerOf(cell, { ...base, seq: 2, friendlyName: 'business:b1', smsUrl: null, voiceUrl: null })).toBeNull();
    expect(ownerOf({ ...cell, findings: null }, { ...base, friendlyName: 'business:b1', smsUrl: null, voiceUrl: null })).toBeNull();
  });
});

describe('incidentTimeline', () => {
  it('derives clicks, answers and purchases from a cell', () => {
    const input = reportFixture('incident');
    const events = incidentTimeline(input.cells[0]!, 'b-toms-garage');
    expect(events.filter((e) => e.kind === 'click')).toHaveLength(5);
    expect(events.filter((e) => e.kind === 'purchase')).toHaveLength(5);
    expect(events.filter((e) => e.kind === 'response' && e.outcome === 'info')).toHaveLength(4);
    expect(events[0]).toMatchObject({ atMs: 0, kind: 'click' });
  });
});
