import { describe, expect, it } from 'vitest';
import { attributedBusinessId, friendlyNameFor, taggedBusinessId, webhookUrlsFor } from './number-tags.ts';

const id = '0b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b';

describe('number tags', () => {
  it('tags and webhook URLs exactly as target-app/README.md says', () => {
    expect(friendlyNameFor(id)).toBe(`business:${id}`);
    expect(webhookUrlsFor('https://app.test', id)).toEqual({ smsUrl: `https://app.test/api/twilio/sms/${id}`, voiceUrl: `https://app.test/api/twilio/voice/${id}` });
  });

  it('reads the business id from an exact tag only', () => {
    expect(taggedBusinessId(`business:${id}`)).toBe(id);
    expect(taggedBusinessId(`business:${id} (old)`)).toBeNull();
    expect(taggedBusinessId('Marketing line')).toBeNull();
    expect(taggedBusinessId(null)).toBeNull();
  });

  it('attributes by tag, else by a business id in the webhook URLs (docs/invariants.md)', () => {
    expect(attributedBusinessId({ friendlyName: `business:${id}`, smsUrl: null, voiceUrl: null })).toBe(id);
    expect(attributedBusinessId({ friendlyName: 'x', smsUrl: `https://a/api/twilio/sms/${id}`, voiceUrl: null })).toBe(id);
    expect(attributedBusinessId({ friendlyName: 'x', smsUrl: null, voiceUrl: `https://a/api/twilio/voice/${id.toUpperCase()}?x=1` })).toBe(id);
    expect(attributedBusinessId({ friendlyName: 'x', smsUrl: `https://a/api/twilio/sms/${id}extra`, voiceUrl: null })).toBeNull();
  });
});
