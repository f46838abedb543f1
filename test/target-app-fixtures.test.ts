// POST /__fixtures/businesses on the running app: one owner per business by default, one owner
// and one token for all of them with `sharedOwner: true`, and a 400 naming any bad field.
import { describe, expect, it } from 'vitest';
import { startTargetAppStack, type TargetAppStack } from './support/target-app-stack.ts';

interface Seeded {
  id: string;
  name: string;
  ownerToken: string;
}

async function createFixtures(stack: TargetAppStack, body: unknown) {
  const res = await fetch(`${stack.url}/__fixtures/businesses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { businesses?: Seeded[]; code?: string; message?: string } };
}

const readAs = async (stack: TargetAppStack, business: Seeded, token: string) =>
  (await fetch(`${stack.url}/api/businesses/${business.id}`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('target-app fixtures', () => {
  it('sharedOwner: true gives every business one owner and one token that opens all of them; without it, it does not', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const shared = await createFixtures(stack, { count: 3, areaCode: '828', sharedOwner: true, names: ['A', 'B'] });
    expect(shared.status).toBe(201);
    const [a, b, c] = shared.body.businesses!;
    expect([a!.name, b!.name, c!.name]).toEqual(['A', 'B', 'Business 3']);
    expect(new Set([a, b, c].map((x) => x!.ownerToken)).size).toBe(1);
    for (const business of [a!, b!, c!]) expect(await readAs(stack, business, a!.ownerToken)).toBe(200);
    const onboardedWithAnothersToken = await stack.onboard(c!, { token: a!.ownerToken });
    expect(onboardedWithAnothersToken.status).toBe(200);
    const { rows } = await stack.pool.query('SELECT count(DISTINCT owner_id)::int AS owners FROM businesses WHERE id = ANY($1::uuid[])', [[a!.id, b!.id, c!.id]]);
    expect(rows[0].owners).toBe(1);

    for (const request of [{ count: 2, areaCode: '828' }, { count: 2, areaCode: '828', sharedOwner: false }]) {
      const separate = await createFixtures(stack, request);
      expect(separate.status).toBe(201);
      const [x, y] = separate.body.businesses!;
      expect(x!.ownerToken).not.toBe(y!.ownerToken);
      expect(await readAs(stack, y!, x!.ownerToken)).toBe(403);
      expect(await readAs(stack, x!, x!.ownerToken)).toBe(200);
      expect(await readAs(stack, a!, x!.ownerToken)).toBe(403); // nor the shared owner's businesses
    }
  });

  it('answers 400 INVALID_REQUEST_BODY naming a bad sharedOwner, an unknown field or a bad count', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const cases: Array<[unknown, RegExp]> = [
      [{ count: 2, areaCode: '828', sharedOwner: 'yes' }, /^sharedOwner: /],
      [{ count: 2, areaCode: '828', sharedOwner: 1 }, /^sharedOwner: /],
      [{ count: 2, areaCode: '828', sharedOwner: null }, /^sharedOwner: /],
      [{ count: 2, areaCode: '828', sharedowner: true }, /sharedowner/],
      [{ count: 0, areaCode: '828' }, /^count: /],
      [{ count: 1, areaCode: '082' }, /^areaCode: /],
    ];
    for (const [body, message] of cases) {
      const answer = await createFixtures(stack, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toMatchObject({ success: false, code: 'INVALID_REQUEST_BODY', message: expect.stringMatching(message) });
    }
    expect((await stack.pool.query('SELECT count(*)::int AS n FROM businesses')).rows[0].n).toBe(0);
  });
});
