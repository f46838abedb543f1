// The six Twilio operations the fake serves, each run through the core's call pipeline so that
// faults and latency apply to all of them the same way.
import type { CoreResponse } from './core-types.ts';
import { errors } from './twilio-error.ts';
import { WRITABLE_FIELDS, friendlyNameOf, incomingNumberJson, type IncomingNumber, type WritableField } from './incoming-numbers.ts';
import { listPage, parsePaging } from './list-paging.ts';
import { availableNumberJson } from './available-numbers.ts';
import { formParams, queryParams, type Ctx } from './request-params.ts';

const SID = /^PN[0-9a-fA-F]{32}$/;

function writableFields(params: Map<string, string>): Partial<Record<WritableField, string>> {
  const fields: Partial<Record<WritableField, string>> = {};
  for (const key of WRITABLE_FIELDS) {
    const value = params.get(key);
    if (value !== undefined) fields[key] = value;
  }
  if (fields.FriendlyName !== undefined && fields.FriendlyName.length > 64) throw errors.invalidParameter('FriendlyName must be at most 64 characters');
  for (const key of ['SmsUrl', 'VoiceUrl', 'SmsFallbackUrl', 'VoiceFallbackUrl', 'StatusCallback'] as const) {
    const url = fields[key];
    if (url !== undefined && url !== '' && !/^https?:\/\//i.test(url)) throw errors.invalidParameter(`${key} ${JSON.stringify(url)} is not a valid http(s) URL`);
    if (url === '') delete fields[key];
  }
  return fields;
}

export async function search(ctx: Ctx, country: string): Promise<CoreResponse> {
  const params = queryParams(ctx, 'ListAvailablePhoneNumberLocal');
  if (country !== 'US') throw errors.notFound(`/AvailablePhoneNumbers/${country}`);
  const paging = parsePaging(params, 50);
  return ctx.core.call('search', null, ctx.req, () => {
    const areaCode = params.get('AreaCode') ?? '828';
    let found: string[] = [];
    try {
      found = ctx.core.inventory.search(areaCode, paging.pageSize, params.get('Contains'));
    } catch (err) {
      // A search in a well-formed area code without stock is an empty page, as Twilio answers it.
      if ((err as { code?: number }).code !== 21452) throw err;
    }
    const uri = `/2010-04-01/Accounts/${ctx.accountSid}/AvailablePhoneNumbers/US/Local.json`;
    const query = new URLSearchParams([...params]).toString();
    return {
      status: 200,
      body: {
        available_phone_numbers: found.map(availableNumberJson),
        end: Math.max(0, found.length - 1),
        first_page_uri: `${uri}?${query}`,
        next_page_uri: null,
        page: 0,
        page_size: paging.pageSize,
        previous_page_uri: null,
        start: 0,
        uri: `${uri}?${query}`,
      },
    };
  });
}

export async function purchase(ctx: Ctx): Promise<CoreResponse> {
  const { core, req, accountSid } = ctx;
  const params = formParams(ctx, 'CreateIncomingPhoneNumber');
  const fields = writableFields(params);
  const phoneNumber = params.get('PhoneNumber');
  const areaCode = params.get('AreaCode');
  const entry = core.ledger.openPurchase({
    friendlyName: fields.FriendlyName ?? null,
    smsUrl: fields.SmsUrl ?? null,
    voiceUrl: fields.VoiceUrl ?? null,
    accountSid,
    requestId: req.headers['i-twilio-idempotency-token'] ?? req.headers['x-request-id'] ?? `RQ${core.random.hex(32)}`,
  });
  return core.call(
    'purchase',
    fields.FriendlyName ?? null,
    req,
    (decision) => {
      // Synchronous from the availability check to the insert: two purchases cannot interleave here.
      let number: string;
      if (phoneNumber !== undefined && phoneNumber !== '') number = core.inventory.takeNumber(phoneNumber);
      else if (areaCode !== undefined && areaCode !== '') number = core.inventory.takeByAreaCode(areaCode);
      else throw errors.missingParameter('Missing required parameter: PhoneNumber or AreaCode');
      const now = new Date();
      const n = core.numbers.add({
        sid: `PN${core.random.hex(32)}`,
        accountSid,
        phoneNumber: number,
        fields,
        status: 'active',
        purchaseSeq: entry.seq,
        dateCreated: now,
        dateUpdated: now,
        listedFromMs: core.nowMs() + decision.listLagMs,
      });
      core.ledger.commit(entry, n.sid, number);
      return { status: 201, body: incomingNumberJson(n) };
    },
    entry,
  );
}

export async function list(ctx: Ctx): Promise<CoreResponse> {
  const params = queryParams(ctx, 'ListIncomingPhoneNumber');
  const paging = parsePaging(params, 50);
  const friendlyName = params.get('FriendlyName');
  const phoneNumber = params.get('PhoneNumber');
  return ctx.core.call('list', friendlyName ?? null, ctx.req, () => {
    const all = ctx.core.numbers.listed(ctx.accountSid, ctx.core.nowMs(), {
      ...(friendlyName !== undefined ? { friendlyName } : {}),
      ...(phoneNumber !== undefined ? { phoneNumber } : {}),
    });
    const uri = `/2010-04-01/Accounts/${ctx.accountSid}/IncomingPhoneNumbers.json`;
    return { status: 200, body: listPage(uri, params, paging, all, 'incoming_phone_numbers', incomingNumberJson) };
  });
}

function find(ctx: Ctx, sid: string): IncomingNumber {
  const n = SID.test(sid) ? ctx.core.numbers.get(ctx.accountSid, sid) : undefined;
  if (!n) throw errors.notFound(`/IncomingPhoneNumbers/${sid}.json`);
  return n;
}

export async function fetchOne(ctx: Ctx, sid: string): Promise<CoreResponse> {
  queryParams(ctx, 'FetchIncomingPhoneNumber');
  const target = ctx.core.numbers.get(ctx.accountSid, sid);
  return ctx.core.call('fetch', target ? friendlyNameOf(target) : null, ctx.req, () => ({ status: 200, body: incomingNumberJson(find(ctx, sid)) }));
}

export async function update(ctx: Ctx, sid: string): Promise<CoreResponse> {
  const params = formParams(ctx, 'UpdateIncomingPhoneNumber');
  const accountSid = params.get('AccountSid');
  if (accountSid !== undefined && accountSid !== ctx.accountSid) throw errors.invalidParameter('AccountSid: moving a number to another account is not supported by the fake');
  const fields = writableFields(params);
  const target = ctx.core.numbers.get(ctx.accountSid, sid);
  return ctx.core.call('update', target ? friendlyNameOf(target) : null, ctx.req, () => {
    const n = find(ctx, sid);
    n.fields = { ...n.fields, ...fields };
    n.dateUpdated = new Date();
    return { status: 200, body: incomingNumberJson(n) };
  });
}

export async function release(ctx: Ctx, sid: string): Promise<CoreResponse> {
  queryParams(ctx, 'DeleteIncomingPhoneNumber');
  const target = ctx.core.numbers.get(ctx.accountSid, sid);
  return ctx.core.call('release', target ? friendlyNameOf(target) : null, ctx.req, (decision) => {
    const n = find(ctx, sid);
    n.status = 'released';
    ctx.core.ledger.recordRelease(n.sid, n.phoneNumber, decision.fired.length ? decision.fired.join(',') : null);
    return { status: 204, body: null };
  });
}
