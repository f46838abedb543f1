import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DRIVER_NAMES, INVARIANT_CODES, isInvariantCode } from './names.ts';

// The published JSON Schema is a file users validate against: its enums must be these lists.
const schema = JSON.parse(readFileSync(new URL('../reports/result.schema.json', import.meta.url), 'utf8')) as {
  $defs: Record<string, { enum?: unknown[]; properties?: Record<string, { enum?: unknown[] }> }>;
};

function enumsOf(node: unknown, key: string, out: unknown[][] = []): unknown[][] {
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && v && typeof v === 'object' && Array.isArray((v as { enum?: unknown[] }).enum)) out.push((v as { enum: unknown[] }).enum);
      enumsOf(v, key, out);
    }
  }
  return out;
}

describe('contract names', () => {
  it('the schema lists exactly the invariant codes, in order', () => {
    const found = JSON.stringify(schema).includes('EXACTLY_ONE_PURCHASE');
    expect(found).toBe(true);
    const enums = enumsOf(schema, 'code').concat(enumsOf(schema, 'invariantCode'));
    expect(enums.length).toBeGreaterThan(0);
    for (const e of enums) expect(e).toEqual([...INVARIANT_CODES]);
  });

  it('the schema lists exactly the drivers', () => {
    const enums = enumsOf(schema, 'driver');
    expect(enums.length).toBeGreaterThan(0);
    for (const e of enums) expect(e).toEqual([...DRIVER_NAMES]);
  });

  it('recognises codes', () => {
    expect(isInvariantCode('NO_ORPHANS')).toBe(true);
    expect(isInvariantCode('NO_ORPHAN')).toBe(false);
  });
});
