// Several instances of the app on one database, as the multi-instance scenario runs them:
// started at the same moment (their migrations must not trip over each other), then one
// burst per business spread round-robin across them.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTargetAppStack } from './support/target-app-stack.ts';

describe('three instances on one database', () => {
  it('start at once (migrations serialised) and, with idempotent, buy exactly one number per business', async () => {
    await using stack = await startTargetAppStack({ instances: 3 });
    expect(stack.urls).toHaveLength(3);
    const { rows } = await stack.pool.query('SELECT name FROM pgmigrations ORDER BY run_on, id');
    const migrations = readdirSync(new URL('../target-app/migrations/', import.meta.url)).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(rows.map((r) => r.name)).toEqual(migrations); // each exactly once
    const businesses = await stack.seed(5);
    for (const business of businesses) {
      const answers = await Promise.all(stack.urls.flatMap((baseUrl) => [0, 1].map(() => stack.onboard(business, { baseUrl }))));
      const numbers = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.phoneNumber));
      expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
      expect([...numbers]).toEqual([await stack.recordedNumber(business.id)]);
      expect(await stack.committedPurchases(business.id)).toBe(1);
    }
  });
});
