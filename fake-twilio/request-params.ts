// The request context of a Twilio call and its parameters, parsed strictly: query parameters for
// GET/DELETE, a form body for POST, both checked against the operation's parameters in the spec.
import type { CoreRequest } from './core-types.ts';
import type { FakeTwilioCore } from './fake-twilio-core.ts';
import { errors } from './twilio-error.ts';
import { checkKnownParameters, isFormContentType, parseForm, parseQuery } from './form-body.ts';
import { allowedParameters, type OperationId } from './openapi-operations.ts';

export interface Ctx {
  core: FakeTwilioCore;
  req: CoreRequest;
  accountSid: string;
}

export function queryParams(ctx: Ctx, op: OperationId): Map<string, string> {
  const params = parseQuery(ctx.req.query);
  checkKnownParameters(params, allowedParameters(op), op);
  return params;
}

export function formParams(ctx: Ctx, op: OperationId): Map<string, string> {
  const { req, core } = ctx;
  if (req.body === null) throw errors.payloadTooLarge(core.maxBodyBytes);
  if (req.body !== '' && !isFormContentType(req.headers['content-type'])) throw errors.unsupportedMediaType(req.headers['content-type'] ?? '');
  const params = parseForm(req.body);
  checkKnownParameters(params, allowedParameters(op), op);
  return params;
}

