// What every test target shares, so each target file holds only its onboarding logic and its
// planted defect: the docs/target-contract.md environment, the schema, owner tokens, the Twilio SDK pointed
// at the fake, and a node:http server speaking the §4.2 contract. Plain JavaScript on purpose:
// these stand for a user's own app, which imports nothing of ours (docs/target-contract.md).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { SignJWT, jwtVerify } from 'jose';
import { HttpError, httpErrorOf, isHttpError } from './target-errors.mjs';
import { createTwilioNumbers } from './twilio-numbers.mjs';

export { HttpError, databaseUnavailable, twilioUnavailable } from './target-errors.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCHEMA_LOCK = 0x0e1;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`test target: ${name} is not set (docs/target-contract.md)`);
    process.exit(2);
  }
  return value;
}

export function readEnv() {
  return {
    port: Number(process.env.PORT ?? 0),
    databaseUrl: required('DATABASE_URL'),
    twilioAccountSid: required('TWILIO_ACCOUNT_SID'),
    twilioAuthToken: required('TWILIO_AUTH_TOKEN'),
    twilioApiBase: required('TWILIO_API_BASE'),
    publicBaseUrl: required('PUBLIC_BASE_URL').replace(/\/+$/, ''),
    jwtSecret: required('JWT_SECRET'),
    fixturesEnabled: process.env.FIXTURES_ENABLED === '1',
    dbPoolMax: Number(process.env.DB_POOL_MAX ?? 10),
    twilioTimeoutMs: Number(process.env.TWILIO_TIMEOUT_MS ?? 10_000),
  };
}

/** Tags of target-app/README.md: what attributes a number to its business. */
export const friendlyNameFor = (businessId) => `business:${businessId}`;
export const webhookUrlsFor = (publicBaseUrl, businessId) => ({
  smsUrl: `${publicBaseUrl}/api/twilio/sms/${businessId}`,
  voiceUrl: `${publicBaseUrl}/api/twilio/voice/${businessId}`,
});

export const onboarded = (phoneNumber, alreadyComplete) => ({ status: 200, body: { success: true, phoneNumber, alreadyComplete } });

/**
 * Buys a number tagged for the business, points its webhooks at the business, saves it with
 * `queryable` (the pool, or a client inside the caller's transaction) and answers 200: the tail
 * every planted-defect target shares once it has decided to buy.
 */
export async function buyConfigureSave({ queryable, twilio, env, business, areaCode }) {
  const urls = webhookUrlsFor(env.publicBaseUrl, business.id);
  const bought = await twilio.buy({ areaCode, friendlyName: friendlyNameFor(business.id), ...urls });
  await twilio.configure(bought.sid, urls);
  await queryable.query(`UPDATE businesses SET phone_number = $2, phone_number_sid = $3, onboarding_status = 'complete' WHERE id = $1`, [business.id, bought.phoneNumber, bought.sid]);
  return onboarded(bought.phoneNumber, false);
}

async function createSchema(pool, extraSchema) {
  // Several instances start at once on one database; CREATE TABLE IF NOT EXISTS alone races
  // on the catalog (duplicate pg_type), so creation is serialised by an advisory lock.
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS businesses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL,
      owner_id uuid NOT NULL,
      name text NOT NULL,
      area_code text NOT NULL,
      phone_number text,
      phone_number_sid text,
      onboarding_status text NOT NULL DEFAULT 'pending')`);
    if (extraSchema) await extraSchema(client);
  });
}

/** Runs `work` in a transaction; a client whose connection broke is destroyed, not reused. */
export async function withTransaction(pool, work) {
  const client = await pool.connect();
  // A backend terminated while the client is checked out emits 'error' with no query to take it.
  const ignore = () => {};
  client.on('error', ignore);
  let broken;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError) => (broken = rollbackError));
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(broken);
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text) {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'INVALID_REQUEST_BODY', 'the body is not JSON');
  }
}

async function loadOwnedBusiness(deps, businessId, authorization) {
  if (!UUID.test(businessId)) throw new HttpError(400, 'INVALID_BUSINESS_ID', `${businessId} is not a business id`);
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  let ownerId;
  try {
    ownerId = (await jwtVerify(token ?? '', deps.jwtKey, { algorithms: ['HS256'] })).payload.sub;
  } catch {
    throw new HttpError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <owner token>');
  }
  const { rows } = await deps.pool.query('SELECT * FROM businesses WHERE id = $1', [businessId]);
  const business = rows[0];
  if (!business) throw new HttpError(404, 'BUSINESS_NOT_FOUND', `no business ${businessId}`);
  if (business.owner_id !== ownerId) throw new HttpError(403, 'FORBIDDEN', 'not your business');
  return business;
}

const view = (b) => ({ id: b.id, name: b.name, phoneNumber: b.phone_number, onboardingStatus: b.onboarding_status });

async function createFixtures(deps, body) {
  const count = Number(body.count);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new HttpError(400, 'INVALID_REQUEST_BODY', 'count: a whole number 1..10000');
  const areaCode = String(body.areaCode ?? '828');
  const names = Array.from({ length: count }, (_, i) => body.names?.[i] ?? `Business ${i + 1}`);
  // `sharedOwner: true`: one owner for all of them (so one token), unless this target opts out.
  const sharedOwner = body.sharedOwner === true && deps.options.sharedOwner !== false ? randomUUID() : null;
  const { rows } = await deps.pool.query(
    `INSERT INTO businesses (owner_id, name, area_code)
     SELECT COALESCE($3::uuid, gen_random_uuid()), name, $2 FROM unnest($1::text[]) WITH ORDINALITY AS n(name, i) ORDER BY i
     RETURNING id, name, owner_id, seq`,
    [names, areaCode, sharedOwner],
  );
  rows.sort((a, b) => Number(a.seq) - Number(b.seq));
  const sign = (ownerId) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(ownerId).sign(deps.jwtKey);
  return { status: 201, body: { businesses: await Promise.all(rows.map(async (r) => ({ id: r.id, name: r.name, ownerToken: await sign(r.owner_id) }))) } };
}

async function route(deps, req, text) {
  const path = new URL(req.url ?? '/', 'http://target').pathname;
  if (req.method === 'GET' && path === '/healthz') return { status: 200, body: { ok: true } };
  if (req.method === 'POST' && path === '/__fixtures/businesses' && deps.env.fixturesEnabled) return createFixtures(deps, parseJson(text));
  const read = path.match(/^\/api\/businesses\/([^/]+)$/);
  if (req.method === 'GET' && read) return { status: 200, body: view(await loadOwnedBusiness(deps, decodeURIComponent(read[1]), req.headers.authorization)) };
  const complete = path.match(/^\/api\/businesses\/([^/]+)\/complete-onboarding$/);
  if (req.method === 'POST' && complete) {
    const business = await loadOwnedBusiness(deps, decodeURIComponent(complete[1]), req.headers.authorization);
    const areaCode = parseJson(text).areaCode ?? business.area_code;
    if (!/^\d{3}$/.test(String(areaCode))) throw new HttpError(400, 'INVALID_AREA_CODE', `${areaCode} is not an area code`);
    // The raw header (undefined when absent, '' when empty): key handling is the target's own.
    return deps.completeOnboarding({ ...deps, business, areaCode: String(areaCode), idempotencyKey: req.headers['idempotency-key'] });
  }
  return { status: 404, body: { success: false, code: 'NOT_FOUND', message: `${req.method} ${path}` } };
}

function send(res, arrivalNs, { status, body, headers = {} }) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-arrival-ns': arrivalNs, ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Starts a target whose onboarding is `completeOnboarding({ pool, twilio, env, business, areaCode, idempotencyKey })`,
 * which returns `{ status, body, headers? }` or throws an HttpError; anything else thrown becomes a 500.
 * Options: `schema(client)` adds tables (run under the start-up lock); `sharedOwner: false` makes
 * the fixtures ignore `sharedOwner` (a target without that optional fixture).
 */
export async function startTarget(completeOnboarding, options = {}) {
  const env = readEnv();
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: env.dbPoolMax });
  pool.on('error', () => {}); // an idle client's backend was terminated: the pool drops it
  await createSchema(pool, options.schema);
  const deps = { env, pool, twilio: createTwilioNumbers(env), jwtKey: new TextEncoder().encode(env.jwtSecret), completeOnboarding, options };
  const server = http.createServer(async (req, res) => {
    let arrivalNs = process.hrtime.bigint().toString();
    try {
      const text = await readBody(req);
      arrivalNs = process.hrtime.bigint().toString();
      send(res, arrivalNs, await route(deps, req, text));
    } catch (error) {
      const known = isHttpError(error) ? error : httpErrorOf(error);
      if (known === null) console.error('target: unhandled error', error);
      const answer = known ?? new HttpError(500, 'INTERNAL_ERROR', String(error?.message ?? error));
      send(res, arrivalNs, answer.response());
    }
  });
  server.listen(env.port, '127.0.0.1', () => console.log(`target listening on http://127.0.0.1:${server.address().port}`));
  const stop = () => {
    server.close();
    server.closeAllConnections();
    pool.end().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { env, pool, server };
}
