import type { ClientBehaviour } from '../../model/index.ts';
import type { EngineRequest } from '../engines/index.ts';
import type { InvokeFields } from '../history/index.ts';
import type { FixtureBusiness } from '../target/target-client.ts';

// The one request under test (docs/target-contract.md): POST complete-onboarding with the owner's
// token, an optional Idempotency-Key and the area code — and the history fields that describe it.

export function onboardingRequest(baseUrl: string, business: FixtureBusiness, key: string | null, areaCode: string): EngineRequest {
  const headers: Record<string, string> = {
    authorization: `Bearer ${business.ownerToken}`,
    'content-type': 'application/json',
  };
  if (key) headers['idempotency-key'] = key;
  return {
    url: `${baseUrl}/api/businesses/${encodeURIComponent(business.id)}/complete-onboarding`,
    method: 'POST',
    headers,
    body: JSON.stringify({ areaCode }),
  };
}

/** An answer's body as the history keeps it: parsed JSON, else the raw text; null without a body. */
export function parseAnswerBody(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface OnboardingMeta {
  business: FixtureBusiness;
  instance: number;
  client: ClientBehaviour;
  key: string | null;
  burst?: number | null;
  fault?: string | null;
}

/** What the history records of an onboarding request before it is sent. */
export function onboardingInvoke(request: EngineRequest, meta: OnboardingMeta): InvokeFields {
  return {
    businessId: meta.business.id,
    client: meta.client,
    method: request.method,
    path: new URL(request.url).pathname,
    instance: meta.instance,
    key: meta.key,
    burst: meta.burst ?? null,
    fault: meta.fault ?? null,
  };
}
