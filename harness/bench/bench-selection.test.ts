import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { selectBenches } from './bench-selection.ts';

const benches = [
  { label: 'burst spread', lines: ['burst.arrival_spread_ms', 'burst.tightness_ratio'] },
  { label: 'load max rate', lines: ['load.max_rate_per_s'] },
  { label: 'harness rss', lines: ['load.harness_rss_mb'] },
  { label: 'new bench', lines: [] },
];

describe('bench --only', () => {
  it('runs every bench without it, in order', () => {
    expect(selectBenches(benches, undefined)).toEqual(benches);
  });

  it('selects by line name, by its first part, or by label, keeping the order of the benches', () => {
    expect(selectBenches(benches, 'load.harness_rss_mb').map((b) => b.label)).toEqual(['harness rss']);
    expect(selectBenches(benches, 'load').map((b) => b.label)).toEqual(['load max rate', 'harness rss']);
    expect(selectBenches(benches, 'new bench, burst.tightness_ratio').map((b) => b.label)).toEqual(['burst spread', 'new bench']);
  });

  it('refuses a name no bench prints, naming the ones there are', () => {
    const refuse = (only: string) => {
      try {
        selectBenches(benches, only);
      } catch (error) {
        return error;
      }
      throw new Error(`--only ${only} was accepted`);
    };
    const error = refuse('load,lod.max_rate') as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('--only lod.max_rate: no bench prints this line');
    expect(error.fix).toContain('load.max_rate_per_s, load.harness_rss_mb, new bench');
    expect((refuse(' , ') as UsageError).message).toBe('--only names no bench');
  });
});
