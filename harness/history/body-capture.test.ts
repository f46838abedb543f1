import { describe, expect, it } from 'vitest';
import { captureBody, truncateUtf8 } from './body-capture.ts';

describe('captureBody', () => {
  it('parses a JSON text and keeps the contract fields in memory', () => {
    const raw = JSON.stringify({ success: true, phoneNumber: '+18285550101', alreadyComplete: false, debug: { big: 'x' } });
    const { stored, compact } = captureBody(raw);
    expect(stored).toEqual(JSON.parse(raw));
    expect(compact).toEqual({ success: true, phoneNumber: '+18285550101', alreadyComplete: false });
  });

  it('bounds what is stored and still reads the fields from the whole body', () => {
    const body = { success: false, code: 'TWILIO_UNAVAILABLE', message: 'm', padding: 'é'.repeat(5000) };
    const { stored, compact } = captureBody(body, 1024);
    expect(stored).toMatchObject({ truncated: true, bytes: Buffer.byteLength(JSON.stringify(body)) });
    expect(Buffer.byteLength((stored as { text: string }).text)).toBeLessThanOrEqual(1024);
    expect(compact).toEqual({ success: false, code: 'TWILIO_UNAVAILABLE', message: 'm' });
  });

  it('keeps a non-JSON body as text (shortened in memory) and bytes as text', () => {
    expect(captureBody('<html>Bad Gateway</html>').stored).toBe('<html>Bad Gateway</html>');
    expect(captureBody(new TextEncoder().encode('{"code":"RATE_LIMITED"}')).compact).toEqual({ code: 'RATE_LIMITED' });
    expect((captureBody('x'.repeat(1000)).compact as string).length).toBe(201);
    expect(captureBody(undefined)).toEqual({ stored: null, compact: null });
  });

  it('never cuts a UTF-8 character in half', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('aé', 3)).toBe('aé');
  });
});
