import { describe, expect, it } from 'vitest';
import { parseForm, parseQuery } from './form-body.ts';

describe('parseForm', () => {
  it('decodes what the twilio SDK sends (spaces as %20 or +)', () => {
    const form = parseForm('FriendlyName=Tom%27s%20Garage&SmsUrl=https%3A%2F%2Fa.example%2Fx&Note=a+b&AreaCode=828');
    expect(Object.fromEntries(form)).toEqual({ FriendlyName: "Tom's Garage", SmsUrl: 'https://a.example/x', Note: 'a b', AreaCode: '828' });
  });

  it('rejects a repeated parameter, naming it (body and query string)', () => {
    expect(() => parseForm('AreaCode=1&FriendlyName=x&AreaCode=828')).toThrow(/"AreaCode" is given more than once in the form body/);
    expect(() => parseQuery(new URLSearchParams('PageSize=2&PageSize=3'))).toThrow(/"PageSize" is given more than once in the query string/);
    expect(Object.fromEntries(parseQuery(new URLSearchParams('PageSize=2&Page=1')))).toEqual({ PageSize: '2', Page: '1' });
  });

  it.each(['A=%', 'A=%4', 'A=%GG', '%ZZ=1', 'A=%C3%28', '=x'])('rejects %s', (body) => {
    expect(() => parseForm(body)).toThrow(/Malformed/);
  });
});
