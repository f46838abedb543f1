// The parameters each operation accepts, read from the vendored subset of Twilio's OpenAPI file
// (openapi/, copied beside the compiled output by the build), so the fake accepts exactly what
// the real API defines and the SDK sends.
import { readFileSync } from 'node:fs';

export type OperationId =
  | 'ListAvailablePhoneNumberLocal'
  | 'CreateIncomingPhoneNumber'
  | 'ListIncomingPhoneNumber'
  | 'FetchIncomingPhoneNumber'
  | 'UpdateIncomingPhoneNumber'
  | 'DeleteIncomingPhoneNumber';

export interface OperationSpec {
  method: string;
  path: string;
  status: number;
  responseSchema: unknown;
  queryParameters: string[];
  formParameters: string[];
}

export interface OpenApiSubset {
  operations: Record<OperationId, OperationSpec>;
  components: { schemas: Record<string, unknown> };
}

let cached: OpenApiSubset | undefined;

export function loadOpenApiSubset(): OpenApiSubset {
  cached ??= JSON.parse(readFileSync(new URL('./openapi/twilio-api-v2010-subset.json', import.meta.url), 'utf8')) as OpenApiSubset;
  return cached;
}

const allowed = new Map<OperationId, ReadonlySet<string>>();

export function allowedParameters(id: OperationId): ReadonlySet<string> {
  let set = allowed.get(id);
  if (!set) {
    const op = loadOpenApiSubset().operations[id];
    set = new Set(op.method === 'GET' || op.method === 'DELETE' ? op.queryParameters : op.formParameters);
    allowed.set(id, set);
  }
  return set;
}
