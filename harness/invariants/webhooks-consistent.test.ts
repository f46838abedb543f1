import { describe, expect, it } from 'vitest';
import { BASE, input, numberOf, purchase } from './hand-made-history.ts';
import { webhooksConsistent, webhookUrls } from './webhooks-consistent.ts';

describe('WEBHOOKS_CONSISTENT', () => {
  it('builds the URLs from PUBLIC_BASE_URL with or without a trailing slash', () => {
    expect(webhookUrls('https://app.test/', 'b1')).toEqual({ smsUrl: 'https://app.test/api/twilio/sms/b1', voiceUrl: 'https://app.test/api/twilio/voice/b1' });
  });

  it('holds when every active number points at its business; released numbers are not judged', () => {
    const p = purchase(1, 'b1', '+18285550101');
    const gone = purchase(2, 'b1', '+18285550102', { smsUrl: null, voiceUrl: null });
    expect(webhooksConsistent(input({ businesses: ['b1'], numbers: [numberOf(p), numberOf(gone, { status: 'released' })] })).held).toBe(true);
  });

  it('breaks on a number whose webhooks were never configured or point at another business', () => {
    const unset = purchase(1, 'b1', '+18285550101', { smsUrl: null, voiceUrl: null });
    const crossed = purchase(2, 'b2', '+18285550102', { voiceUrl: `${BASE}/api/twilio/voice/b1` });
    const r = webhooksConsistent(input({ businesses: ['b1', 'b2'], numbers: [numberOf(unset), numberOf(crossed)] }));
    expect(r.violations).toEqual([
      {
        businessId: 'b1',
        detail: `active number +18285550101 (seq 1): SmsUrl is null, expected ${BASE}/api/twilio/sms/b1; VoiceUrl is null, expected ${BASE}/api/twilio/voice/b1`,
        operations: [],
        ledger: [1],
      },
      { businessId: 'b2', detail: `active number +18285550102 (seq 2): VoiceUrl is "${BASE}/api/twilio/voice/b1", expected ${BASE}/api/twilio/voice/b2`, operations: [], ledger: [2] },
    ]);
  });

  it('breaks on an active number of no business', () => {
    const r = webhooksConsistent(input({ businesses: ['b1'], numbers: [numberOf(purchase(3, null, '+18285550103'))] }));
    expect(r.violations[0]).toMatchObject({ businessId: null, ledger: [3] });
  });

  it('is not evaluated without PUBLIC_BASE_URL', () => {
    const r = webhooksConsistent(input({ businesses: ['b1'], publicBaseUrl: null }));
    expect(r.held).toBeNull();
    expect(r.reason).toMatch(/--public-base-url/);
  });
});
