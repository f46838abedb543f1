import { describe, expect, it } from 'vitest';
import { Inventory } from './inventory.ts';
import { TwilioApiError } from './twilio-error.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as TwilioApiError).code;
  }
  return null;
};

describe('Inventory', () => {
  it('is deterministic from its seed', () => {
    expect(new Inventory({ seed: 1 }).search('828', 5)).toEqual(new Inventory({ seed: 1 }).search('828', 5));
    expect(new Inventory({ seed: 1 }).search('828', 5)).not.toEqual(new Inventory({ seed: 2 }).search('828', 5));
  });

  it('hands out the searched numbers in order and never the same one twice', () => {
    const inv = new Inventory({ seed: 1 });
    const offered = inv.search('828', 3);
    expect([inv.takeByAreaCode('828'), inv.takeByAreaCode('828')]).toEqual(offered.slice(0, 2));
    const many = new Set(Array.from({ length: 5000 }, () => inv.takeByAreaCode('828')));
    expect(many.size).toBe(5000);
    for (const n of many) expect(n).toMatch(/^\+1828[2-9]\d{6}$/);
  });

  it('never resells a number, whether bought by area code or by number', () => {
    const inv = new Inventory({ seed: 1 });
    const [a, b] = inv.search('828', 2);
    inv.takeNumber(b!);
    expect(inv.takeByAreaCode('828')).toBe(a);
    expect(inv.takeByAreaCode('828')).not.toBe(b);
    expect(code(() => inv.takeNumber(a!))).toBe(21422);
    expect(inv.search('828', 10)).not.toContain(b);
  });

  it('answers Twilio codes: 21451 malformed area code, 21452 none in stock, 21421 bad number, 21422 unavailable', () => {
    const inv = new Inventory({ seed: 1, stock: { '415': 1 } });
    expect(code(() => inv.takeByAreaCode('12'))).toBe(21451);
    expect(code(() => inv.takeByAreaCode('099'))).toBe(21451);
    expect(code(() => inv.takeByAreaCode('533'))).toBe(21452);
    inv.takeByAreaCode('415');
    expect(code(() => inv.takeByAreaCode('415'))).toBe(21452);
    expect(code(() => inv.takeNumber('8285551234'))).toBe(21421);
    expect(code(() => inv.takeNumber('+15335551234'))).toBe(21422);
  });

  it('filters a search with Contains', () => {
    const found = new Inventory({ seed: 1 }).search('828', 3, '7*7');
    expect(found).toHaveLength(3);
    for (const n of found) expect(n).toMatch(/7\d7/);
  });
});
