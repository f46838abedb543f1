// Every fake-Twilio fault kind (fake-twilio/README.md), observed from the SDK's side and in the ledger, against
// the served server (socket-level faults are the served adapter's job). No test depends on
// timing: waits are the fake's /__admin/events, and the list-lag window runs on an injected clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import twilio from 'twilio';
import { createFakeTwilioAdmin, createFakeTwilioCore, createFakeTwilioHandlers, createFakeTwilioServer, type FakeTwilioServer, type LedgerPurchase } from '../fake-twilio/index.ts';
import { createTwilioSdkClient, type TwilioSdkClient } from './support/twilio-sdk.ts';

let server: FakeTwilioServer;
let sdk: TwilioSdkClient;
const admin = () => createFakeTwilioAdmin(server.url);

beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 11 });
  sdk = createTwilioSdkClient({ baseUrl: server.url, accountSid: server.accountSid, authToken: server.authToken, timeoutMs: 20_000 });
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin().reset();
});

async function onlyPurchase(): Promise<LedgerPurchase> {
  const { purchases } = await admin().ledger();
  expect(purchases).toHaveLength(1);
  return purchases[0]!;
}

async function listed(friendlyName: string): Promise<string[]> {
  return (await sdk.incomingPhoneNumbers.list({ friendlyName })).map((n) => n.sid);
}

describe('fake-Twilio faults', () => {
  it('latency: adds the planned delay before the commit and is recorded', async () => {
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: 300, times: 1 }] });
    const n = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:lat' });
    const entry = await onlyPurchase();
    expect(entry).toMatchObject({ sid: n.sid, committed: true, response: 'sent', fault: 'latency' });
    // A lower bound on the injected delay, measured by the fake itself: not a timing race.
    expect(BigInt(entry.committedAtNs!) - BigInt(entry.receivedAtNs)).toBeGreaterThanOrEqual(250_000_000n);
  });

  it('error: 503 arrives as a RestException; nothing is committed', async () => {
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'error', status: 503, times: 1 }] });
    await expect(sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:err' })).rejects.toMatchObject({ status: 503, code: 20503 });
    expect(await onlyPurchase()).toMatchObject({ committed: false, response: 'error', fault: 'error:503', sid: null });
    expect(await listed('business:err')).toEqual([]);
    // `times: 1` is used up: the next purchase goes through.
    await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:err' });
    expect(await listed('business:err')).toHaveLength(1);
  });

  it('fail-before-commit: the SDK sees a connection error and nothing is committed', async () => {
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'fail-before-commit', times: 1 }] });
    const err = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:fbc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toHaveProperty('status');
    expect(await onlyPurchase()).toMatchObject({ committed: false, response: 'dropped', fault: 'fail-before-commit' });
    expect(await listed('business:fbc')).toEqual([]);
  });

  it('commit-then-drop: connection error at the SDK, committed in the ledger, the number is listed', async () => {
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-drop', friendlyName: 'business:drop', times: 1 }] });
    const err = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:drop' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as { code?: string }).code ?? (err as Error).message)).toMatch(/ECONNRESET|socket hang up/);
    const entry = await onlyPurchase();
    expect(entry).toMatchObject({ committed: true, response: 'dropped', fault: 'commit-then-drop' });
    expect(await listed('business:drop')).toEqual([entry.sid]);
  });

  it('commit-then-hang: committed and hung in the ledger, no response goes out until the hold ends', async () => {
    // Event-driven, no client timeout: a short timeout could fire before the fake even received
    // the purchase on a loaded machine. The fake's own events say what happened and in what order.
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-hang', times: 1 }] });
    let settled = false;
    const purchase = sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:hang' }).finally(() => (settled = true));
    const committed = await admin().waitFor((e) => e.type === 'purchase.committed', 10_000);
    const entry = await onlyPurchase();
    expect(entry).toMatchObject({ committed: true, response: 'hung', fault: 'commit-then-hang' });
    // A sent response is settled in the same tick as its commit: had the fault not held it, this event would be here.
    expect((await admin().waitForEvents(committed.seq, 0)).events.filter((e) => e.type === 'purchase.responded')).toEqual([]);
    expect(settled).toBe(false);
    expect(await listed('business:hang')).toEqual([entry.sid]);
    // A reset lets held responses go: the patient client gets its 201 for the number it bought.
    await admin().reset();
    expect((await purchase).sid).toBe(entry.sid);
  });

  it('commit-then-hang with hangMs: a patient client finally gets its 201', async () => {
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-hang', hangMs: 200, times: 1 }] });
    const n = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:hang2' });
    expect(await onlyPurchase()).toMatchObject({ sid: n.sid, committed: true, response: 'hung' });
  });

  it('commit-then-pause: an events waiter sees the commit before the client gets a byte; release-paused lets the 201 go', async () => {
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause', times: 1 }] });
    let settled = false;
    const purchase = sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:pause' }).finally(() => (settled = true));
    const paused = await admin().waitFor((e) => e.type === 'purchase.paused', 10_000);
    const committed = (await admin().waitForEvents(0, 0)).events.find((e) => e.type === 'purchase.committed');
    expect(committed!.seq).toBeLessThan(paused.seq);
    expect(paused.purchase).toMatchObject({ committed: true, response: 'paused', fault: 'commit-then-pause' });
    expect(settled).toBe(false);
    expect(await admin().releasePaused(paused.purchase!.seq)).toEqual({ released: [paused.purchase!.seq] });
    const n = await purchase;
    expect(n.sid).toBe(paused.purchase!.sid);
    await admin().waitFor((e) => e.type === 'purchase.responded', 5_000);
    // The ledger keeps `paused`: it records what the fault did; the responded event marks the release.
    expect(await onlyPurchase()).toMatchObject({ response: 'paused', committed: true });
  });

  it('list-lag: a new number stays out of lists for lagMs on the fake\'s clock, fetchable meanwhile, then appears', async () => {
    // An injected clock that moves only when the test moves it: on a loaded machine real time
    // could eat a lag window before the first list; here the window is exact.
    let nowNs = 1_000_000_000_000n;
    await using fake = await createFakeTwilioServer({ latency: 'off', seed: 11, now: () => nowNs });
    const client = createTwilioSdkClient({ baseUrl: fake.url, accountSid: fake.accountSid, authToken: fake.authToken, timeoutMs: 20_000 });
    const names = async () => (await client.incomingPhoneNumbers.list({ friendlyName: 'business:lag' })).map((n) => n.sid);
    fake.core.setFaults({ rules: [{ operation: 'list', kind: 'list-lag', lagMs: 400, times: 1 }] });
    const n = await client.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:lag' });
    expect(fake.core.ledger.snapshot().purchases).toMatchObject([{ committed: true, fault: 'list-lag' }]);
    expect(await names()).toEqual([]);
    expect((await client.incomingPhoneNumbers(n.sid).fetch()).sid).toBe(n.sid);
    nowNs += 399_000_000n;
    expect(await names()).toEqual([]);
    nowNs += 1_000_000n;
    expect(await names()).toEqual([n.sid]);
  });

  it('friendlyName targets one business; probability draws are seeded and recorded per entry', async () => {
    await admin().setFaults({ seed: 5, rules: [{ operation: 'purchase', kind: 'error', status: 500, probability: 0.5, friendlyName: 'business:unlucky' }] });
    await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:lucky' });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 16; i++) outcomes.push(await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:unlucky' }).then(() => true, () => false));
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
    const { purchases } = await admin().ledger();
    expect(purchases[0]).toMatchObject({ friendlyName: 'business:lucky', fault: null, committed: true });
    expect(purchases.slice(1).map((p) => p.fault === 'error:500')).toEqual(outcomes.map((ok) => !ok));
    // The same plan seed draws the same outcomes.
    await admin().reset();
    await admin().setFaults({ seed: 5, rules: [{ operation: 'purchase', kind: 'error', status: 500, probability: 0.5, friendlyName: 'business:unlucky' }] });
    const again: boolean[] = [];
    for (let i = 0; i < 16; i++) again.push(await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:unlucky' }).then(() => true, () => false));
    expect(again).toEqual(outcomes);
  });

  it('commit-then-drop on a release: released, recorded on the release entry', async () => {
    const n = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:rel' });
    await admin().setFaults({ rules: [{ operation: 'release', kind: 'commit-then-drop', times: 1 }] });
    await expect(sdk.incomingPhoneNumbers(n.sid).remove()).rejects.toBeInstanceOf(Error);
    const { releases } = await admin().ledger();
    expect(releases).toMatchObject([{ sid: n.sid, fault: 'commit-then-drop' }]);
    expect(await listed('business:rel')).toEqual([]);
  });

  it('a purchase whose client leaves during the latency is not committed', async () => {
    // The client leaves when the fake says it has the purchase (not after a timeout that could
    // fire before the request arrived), and the latency is far longer than any test run.
    await admin().setFaults({ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: 600_000, times: 1 }] });
    const leave = new AbortController();
    const purchase = fetch(`${server.url}/2010-04-01/Accounts/${server.accountSid}/IncomingPhoneNumbers.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'AreaCode=828&FriendlyName=business%3Agone',
      signal: leave.signal,
    });
    await admin().waitFor((e) => e.type === 'purchase.received', 10_000);
    leave.abort();
    await expect(purchase).rejects.toThrow(/abort/i);
    const responded = await admin().waitFor((e) => e.type === 'purchase.responded', 10_000);
    expect(responded.purchase).toMatchObject({ committed: false, response: 'dropped', sid: null });
    expect(await listed('business:gone')).toEqual([]);
  });

  it('close() does not wait for hung or paused responses', async () => {
    const extra = await createFakeTwilioServer({ latency: 'off' });
    const client = createTwilioSdkClient({ baseUrl: extra.url, accountSid: extra.accountSid, authToken: extra.authToken });
    extra.core.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause' }] });
    const pending = client.incomingPhoneNumbers.create({ areaCode: '828' }).catch((e: unknown) => e);
    await createFakeTwilioAdmin(extra.url).waitFor((e) => e.type === 'purchase.paused', 10_000);
    await extra.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('fake-Twilio faults through the msw handlers', () => {
  it('commit-then-drop is a network error in-process; the ledger shows the commit', async () => {
    const core = createFakeTwilioCore({ latency: 'off' });
    const msw = setupServer(...createFakeTwilioHandlers(core, { baseUrl: 'https://api.twilio.com' }));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      core.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-drop', times: 1 }] });
      const client = twilio(core.credentials.accountSid, core.credentials.authToken);
      const err = await client.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:msw' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toHaveProperty('status');
      expect(core.ledger.snapshot().purchases).toMatchObject([{ committed: true, response: 'dropped', fault: 'commit-then-drop' }]);
      expect((await client.incomingPhoneNumbers.list({ friendlyName: 'business:msw' })).length).toBe(1);
    } finally {
      msw.close();
    }
  });
});
