import type { EngineRequest, EngineResponse } from '../engines/index.ts';
import type { ClientBehaviour, Operation } from '../history-types.ts';
import type { FixtureBusiness } from '../target/target-client.ts';

// The one request under test (DESIGN §4.2) and how its outcome becomes a history operation.

const BODY_CAP = 4 * 1024;

export interface RequestMeta {
  scenario: string;
  business: FixtureBusiness;
  instance: number;
  client: ClientBehaviour;
  key: string | null;
  burst: number | null;
  fault?: string | null;
}

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

/** The RCA's page key embeds the business id, unknown when the plan is made. */
export function resolveKey(key: string | null, business: FixtureBusiness): string | null {
  return key === null ? null : key.replace('{business}', business.id);
}

function parseBody(body: string | null): unknown {
  if (body === null || body === '') return null;
  try {
    const parsed = JSON.parse(body) as unknown;
    return body.length > BODY_CAP ? { truncated: true, length: body.length } : parsed;
  } catch {
    return body.slice(0, BODY_CAP);
  }
}

export class OperationLog {
  readonly operations: Operation[] = [];

  add(request: EngineRequest, response: EngineResponse, meta: RequestMeta): Operation {
    const operation: Operation = {
      id: this.operations.length,
      scenario: meta.scenario,
      businessId: meta.business.id,
      instance: meta.instance,
      client: meta.client,
      method: request.method,
      path: new URL(request.url).pathname,
      key: meta.key,
      burst: meta.burst,
      invokeNs: String(response.invokeNs),
      completeNs: String(response.completeNs),
      arrivalNs: response.arrivalNs === null ? null : String(response.arrivalNs),
      outcome: response.outcome,
      status: response.status,
      body: parseBody(response.body),
      error: response.error,
      fault: meta.fault ?? null,
    };
    this.operations.push(operation);
    return operation;
  }

  /** Operations sorted by invoke time, ids renumbered in that order (DESIGN: ids increase in invoke order). */
  ordered(): Operation[] {
    const sorted = [...this.operations].sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : 1));
    return sorted.map((op, id) => ({ ...op, id }));
  }
}
