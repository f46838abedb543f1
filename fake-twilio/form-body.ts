// Strict application/x-www-form-urlencoded parsing. URLSearchParams forgives malformed escapes
// (`%ZZ` stays literal), which would let a broken client look fine against the fake; here a
// malformed body is a 400 like any other bad input.
import { errors } from './twilio-error.ts';

const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;

export function parseForm(text: string, what = 'form body'): Map<string, string> {
  const out = new Map<string, string>();
  if (text === '') return out;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    if (BAD_ESCAPE.test(rawKey) || BAD_ESCAPE.test(rawValue)) throw errors.invalidParameter(`Malformed ${what}: bad percent-escape in ${JSON.stringify(pair.slice(0, 80))}`);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw errors.invalidParameter(`Malformed ${what}: ${JSON.stringify(pair.slice(0, 80))} is not valid UTF-8`);
    }
    if (key === '') throw errors.invalidParameter(`Malformed ${what}: empty parameter name`);
    // Twilio takes a repeated key as a list for its array parameters; what it does with a repeated
    // single-valued one is not documented, and none of the fake's operations has an array
    // parameter, so a repeat is a 400 naming it rather than a silent pick of one value.
    if (out.has(key)) throw repeated(key, what);
    out.set(key, value);
  }
  return out;
}

function repeated(key: string, what: string) {
  return errors.invalidParameter(`Parameter ${JSON.stringify(key.slice(0, 80))} is given more than once in the ${what}: send it once`);
}

/** The query string as a map, strictly: a repeated parameter is a 400 (as in a form body). */
export function parseQuery(query: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of query) {
    if (out.has(key)) throw repeated(key, 'query string');
    out.set(key, value);
  }
  return out;
}

/** Rejects parameters the operation does not define, naming the first one (an unknown parameter is a loud error). */
export function checkKnownParameters(params: Map<string, string>, allowed: ReadonlySet<string>, operation: string): void {
  for (const key of params.keys()) {
    if (!allowed.has(key)) throw errors.invalidParameter(`Unknown parameter ${key} for ${operation}`);
  }
}

export function isFormContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
