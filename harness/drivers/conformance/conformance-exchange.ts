// One onboarding request of a conformance check, recorded in the cell's history like every
// other request (client `conformance`), so the seven invariants judge what the checks caused.
import type { Operation } from '../../../model/index.ts';
import type { DriveContext } from '../driver.ts';
import { onboardingInvoke, onboardingRequest, parseAnswerBody } from '../onboarding-request.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';

export interface ConformanceRequest {
  business: FixtureBusiness;
  /** Sent as given, even when empty (the malformed check sends an empty key); null: no header. */
  key: string | null;
  areaCode: string;
  /** Another owner token than the business's own (other-business sends the shared owner's). */
  token?: string;
}

export interface ConformanceAnswer {
  status: number | null;
  /** Parsed JSON body, the raw text when it is not JSON, or null without a response. */
  body: unknown;
  headers: Record<string, string>;
  /** timeout, ECONNRESET… when no response arrived. */
  error: string | null;
  operation: Operation;
}

export type Exchange = (request: ConformanceRequest) => Promise<ConformanceAnswer>;

export function exchangeThrough(context: DriveContext): Exchange {
  return async ({ business, key, areaCode, token }) => {
    const sender = token === undefined ? business : { ...business, ownerToken: token };
    const request = onboardingRequest(context.fleet.urls[0]!, sender, null, areaCode);
    if (key !== null) request.headers['idempotency-key'] = key;
    const pending = context.history.invoke(onboardingInvoke(request, { business, instance: 0, client: 'conformance', key }));
    const response = await context.engine.send(request, { timeoutMs: context.requestTimeoutMs, signal: context.signal });
    const operation = pending.exchanged(response);
    return { status: response.status, body: parseAnswerBody(response.body), headers: response.headers, error: response.error, operation };
  };
}


/** `field` of a JSON object body, if there is one. */
export function bodyField(answer: ConformanceAnswer, field: string): unknown {
  const body = answer.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[field] : undefined;
}

/** "200", "409 ONBOARDING_IN_PROGRESS", "no response (timeout)": how details name an answer. */
export function describeAnswer(answer: ConformanceAnswer): string {
  if (answer.status === null) return `no response (${answer.error ?? 'unknown'})`;
  const code = bodyField(answer, 'code');
  const number = bodyField(answer, 'phoneNumber');
  return [String(answer.status), typeof code === 'string' ? code : null, typeof number === 'string' ? number : null].filter(Boolean).join(' ');
}

/** Answers that will not change on retry, so a key must replay them (docs/target-contract.md). */
export const isFinalAnswer = (status: number | null): boolean => status !== null && (status === 200 || [400, 403, 404, 422].includes(status));
