// Twilio's REST surface (docs/fake-twilio.md): routing, authentication and parameter parsing. The six
// operations are in rest-operations.ts.
import type { CoreRequest, CoreResponse } from './core-types.ts';
import type { FakeTwilioCore } from './fake-twilio-core.ts';
import { errors } from './twilio-error.ts';
import { fetchOne, list, purchase, release, search, update } from './rest-operations.ts';

const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+)(\/.*)?$/;

export async function handleRestRequest(core: FakeTwilioCore, req: CoreRequest): Promise<CoreResponse> {
  const m = ACCOUNT_PATH.exec(req.path);
  if (!m) throw errors.notFound(req.path);
  authenticate(core, req);
  const accountSid = decodeSegment(m[1]!, req.path);
  if (accountSid !== core.credentials.accountSid) throw errors.notFound(`/Accounts/${accountSid}`);
  const rest = m[2] ?? '';
  const ctx = { core, req, accountSid };

  const available = /^\/AvailablePhoneNumbers\/([^/]+)\/Local\.json$/.exec(rest);
  if (available) return only(req, ['GET'], () => search(ctx, decodeSegment(available[1]!, req.path)));
  if (rest === '/IncomingPhoneNumbers.json') {
    if (req.method === 'POST') return purchase(ctx);
    return only(req, ['GET'], () => list(ctx));
  }
  const one = /^\/IncomingPhoneNumbers\/([^/]+)\.json$/.exec(rest);
  if (one) {
    const sid = decodeSegment(one[1]!, req.path);
    if (req.method === 'GET') return fetchOne(ctx, sid);
    if (req.method === 'POST') return update(ctx, sid);
    return only(req, ['DELETE'], () => release(ctx, sid));
  }
  throw errors.notFound(req.path);
}

function only(req: CoreRequest, methods: string[], run: () => Promise<CoreResponse>): Promise<CoreResponse> {
  if (!methods.includes(req.method)) throw errors.methodNotAllowed(req.method, req.path);
  return run();
}

function authenticate(core: FakeTwilioCore, req: CoreRequest): void {
  const header = req.headers.authorization ?? '';
  const [scheme, encoded] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) throw errors.unauthenticated();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (colon === -1 || user !== core.credentials.accountSid || password !== core.credentials.authToken) throw errors.unauthenticated();
}


/** A malformed escape in a path segment names no resource: 404, never a crash. */
function decodeSegment(segment: string, path: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.notFound(path);
  }
}
