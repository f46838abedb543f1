import { describe, expect, it } from 'vitest';
import { classifyTwilioError } from './twilio-failure.ts';

/** Shaped as the SDK's RestException: Twilio answered with its error envelope. */
const restException = (status: number, code?: number) => Object.assign(new Error('twilio says no'), { status, code, moreInfo: 'https://www.twilio.com/docs/errors' });
const networkError = (code: string) => Object.assign(new Error(code), { code, isAxiosError: true });

describe('classifyTwilioError', () => {
  it.each([
    [restException(503, 20503), 'rejected'],
    [restException(429, 20429), 'rejected'],
    [restException(400, 21452), 'rejected'],
    [restException(500), 'ambiguous'],
    [restException(504), 'ambiguous'],
    [networkError('ECONNREFUSED'), 'unreachable'],
    [networkError('ECONNRESET'), 'ambiguous'],
    [networkError('ECONNABORTED'), 'ambiguous'],
    [new Error('socket hang up'), 'ambiguous'],
  ])('%s is %s', (error, kind) => {
    expect(classifyTwilioError(error).kind).toBe(kind);
  });

  it('recognises Twilio’s area-code refusals as a final answer', () => {
    expect(classifyTwilioError(restException(400, 21452)).isInvalidAreaCode).toBe(true);
    expect(classifyTwilioError(restException(400, 21451)).isInvalidAreaCode).toBe(true);
    expect(classifyTwilioError(restException(503)).isInvalidAreaCode).toBe(false);
  });
});
