import { describe, expect, it } from 'vitest';
import { parseForm } from './form-body.ts';

describe('parseForm', () => {
  it('decodes what the twilio SDK sends (spaces as %20 or +, last value wins)', () => {
    const form = parseForm('FriendlyName=Tom%27s%20Garage&SmsUrl=https%3A%2F%2Fa.example%2Fx&Note=a+b&AreaCode=1&AreaCode=828');
    expect(Object.fromEntries(form)).toEqual({ FriendlyName: "Tom's Garage", SmsUrl: 'https://a.example/x', Note: 'a b', AreaCode: '828' });
  });

  it.each(['A=%', 'A=%4', 'A=%GG', '%ZZ=1', 'A=%C3%28', '=x'])('rejects %s', (body) => {
    expect(() => parseForm(body)).toThrow(/Malformed/);
  });
});
