import { describe, expect, it } from 'vitest';
import { attribute } from './attribution.ts';

const ids = new Set(['b1', 'b2', 'tom-s-garage']);
const url = (kind: string, id: string) => `http://127.0.0.1:4000/api/twilio/${kind}/${id}`;

describe('attribute', () => {
  it('takes the FriendlyName tag first, even when the webhooks name another business', () => {
    expect(attribute({ friendlyName: 'business:b1', smsUrl: url('sms', 'b2'), voiceUrl: url('voice', 'b2') }, ids)).toEqual({
      businessId: 'b1',
      by: 'friendly-name',
    });
  });

  it('falls back to a business id in the webhook URLs', () => {
    expect(attribute({ friendlyName: 'My number', smsUrl: url('sms', 'b2'), voiceUrl: null }, ids)).toEqual({ businessId: 'b2', by: 'webhook' });
  });

  it('ignores a tag naming a business that is not in the run, then tries the webhooks', () => {
    expect(attribute({ friendlyName: 'business:zz', smsUrl: null, voiceUrl: url('voice', 'b1') }, ids).businessId).toBe('b1');
    expect(attribute({ friendlyName: 'business:zz', smsUrl: null, voiceUrl: null }, ids).businessId).toBeNull();
  });

  it('will not pin a number whose webhooks name two businesses', () => {
    const a = attribute({ friendlyName: null, smsUrl: url('sms', 'b1'), voiceUrl: url('voice', 'b2') }, ids);
    expect(a.businessId).toBeNull();
    expect(a).toMatchObject({ reason: expect.stringContaining('2 businesses') });
  });

  it('needs a whole path segment, not a substring (b1 is not in /b10)', () => {
    expect(attribute({ friendlyName: null, smsUrl: url('sms', 'b10'), voiceUrl: 'not a url/b2x' }, ids).businessId).toBeNull();
  });

  it('treats a purchase with no tag and no webhooks as an orphan', () => {
    expect(attribute({ friendlyName: null, smsUrl: null, voiceUrl: null }, ids).businessId).toBeNull();
  });

  it('an exact tag only: a prefix match is not enough', () => {
    expect(attribute({ friendlyName: 'business:b1 (copy)', smsUrl: null, voiceUrl: null }, ids).businessId).toBeNull();
  });
});
