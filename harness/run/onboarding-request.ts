import type { EngineRequest, EngineResponse } from '../engines/index.ts';
import type { ClientBehaviour, Operation } from '../../model/index.ts';
import type { FixtureBusiness } from '../target/target-client.ts';
import { captureBody, classifyOutcome } from '../history/index.ts';

// The one request under test (DESIGN §4.2) and how its outcome becomes a history operation.

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
      // A burst's connections are opened and written up to the held-back final byte well before
      // the release; the target can act on a request only once that byte is sent, so the
      // operation begins then (and at its invocation if it was never sent).
      invokeNs: String(response.sendNs > 0n ? response.sendNs : response.invokeNs),
      completeNs: String(response.completeNs),
      arrivalNs: response.arrivalNs === null ? null : String(response.arrivalNs),
      // A request that provably never reached the target (connection refused) is a known
      // failure, not an unknown outcome: the history recorder's rule, shared.
      outcome: response.status !== null ? classifyOutcome({ status: response.status }) : classifyOutcome({ error: response.error ?? 'unknown' }),
      status: response.status,
      body: captureBody(response.body).stored,
      error: response.error,
      fault: meta.fault ?? null,
    };
    this.operations.push(operation);
    return operation;
  }

  /** An operation recorded by another driver (the browser): numbered here with the rest. */
  addRecorded(operation: Omit<Operation, 'id'>): Operation {
    const recorded: Operation = { ...operation, id: this.operations.length };
    this.operations.push(recorded);
    return recorded;
  }

  /** Operations sorted by invoke time, ids renumbered in that order (DESIGN: ids increase in invoke order). */
  ordered(): Operation[] {
    const sorted = [...this.operations].sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : 1));
    return sorted.map((op, id) => ({ ...op, id }));
  }
}
