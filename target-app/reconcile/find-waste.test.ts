import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findWaste, summarize } from './find-waste.ts';

const base = 'https://app.test';
const a = '0b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b';
const b = '1b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b';
const number = (phoneNumber: string, friendlyName: string | null, owner: string | null = null) => ({
  sid: `PN${phoneNumber.slice(1).padStart(32, '0')}`,
  phoneNumber,
  friendlyName,
  smsUrl: owner ? `${base}/api/twilio/sms/${owner}` : null,
  voiceUrl: owner ? `${base}/api/twilio/voice/${owner}` : null,
  dateCreated: null,
});

describe('findWaste', () => {
  it('classifies duplicates, orphans, dangling records and webhook mismatches', () => {
    const findings = findWaste(
      [{ id: a, phoneNumber: '+18285550001' }, { id: b, phoneNumber: '+18285550009' }],
      [
        number('+18285550001', `business:${a}`, a),
        number('+18285550002', `business:${a}`, a),
        number('+18285550003', 'Marketing', a),
        number('+18285550004', null),
        { ...number('+18285550005', `business:${b}`, b), friendlyName: 'renamed' },
      ],
      base,
    );
    expect(findings.map((f) => [f.kind, f.phoneNumber, f.releasable])).toEqual([
      ['duplicate', '+18285550002', true],
      ['duplicate', '+18285550003', false],
      ['orphan', '+18285550004', false],
      ['duplicate', '+18285550005', false],
      ['dangling', '+18285550009', false],
    ]);
    expect(summarize(findings, 5)).toMatchObject({ duplicates: 3, orphans: 1, dangling: 1, wastedNumbers: 4, monthlyCostUsd: 20 });
  });

  it('reports a referenced number whose webhooks point elsewhere', () => {
    const findings = findWaste([{ id: a, phoneNumber: '+18285550001' }], [{ ...number('+18285550001', `business:${a}`, a), smsUrl: 'https://old/sms' }], base);
    expect(findings.map((f) => f.kind)).toEqual(['webhook-mismatch']);
  });

  it('never marks a number the database references as waste, and only tagged numbers as releasable', () => {
    const phone = fc.integer({ min: 0, max: 20 }).map((n) => `+1828555${String(n).padStart(4, '0')}`);
    fc.assert(
      fc.property(fc.uniqueArray(phone, { maxLength: 10 }), fc.uniqueArray(phone, { maxLength: 10 }), fc.boolean(), (recorded, active, tagged) => {
        const businesses = recorded.map((p, i) => ({ id: `${String(i).padStart(8, '0')}-8a4d-4e0b-9f3a-2c1d5e6f7a8b`, phoneNumber: p }));
        const numbers = active.map((p) => number(p, tagged ? `business:${businesses[0]?.id ?? a}` : 'x'));
        const findings = findWaste(businesses, numbers, base);
        for (const f of findings.filter((f) => f.kind === 'duplicate' || f.kind === 'orphan')) {
          expect(recorded).not.toContain(f.phoneNumber);
          expect(f.releasable).toBe(tagged);
        }
        const waste = findings.filter((f) => f.kind === 'duplicate' || f.kind === 'orphan').length;
        expect(waste).toBe(active.filter((p) => !recorded.includes(p)).length);
      }),
    );
  });
});
