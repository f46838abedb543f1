// Validates response bodies against the vendored subset of Twilio's OpenAPI file (tests only:
// ajv is a dev dependency, and nothing at run time imports this file).
//
// Two choices, both stricter than the spec alone: every object the spec describes is *closed*
// and *complete* (all its properties present, none extra), because Twilio always returns every
// field and the spec has no `required` lists; and format `uri` accepts an absolute http(s) URL or
// a path under /2010-04-01/, because Twilio's page links (`first_page_uri`…) are relative.
import { Ajv, type ValidateFunction } from 'ajv';
import { loadOpenApiSubset, type OperationId } from '../openapi-operations.ts';

type Schema = Record<string, unknown>;

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v);
  // `capabilities` is annotated NON_NULL in Twilio's generator: its keys may be omitted, so only close it.
  if (out.type === 'object' && out.properties) {
    out.additionalProperties = false;
    if (out.format !== 'phone-number-capabilities') out.required = Object.keys(out.properties as Schema);
  }
  return out;
}

let ajv: Ajv | undefined;
const compiled = new Map<OperationId, ValidateFunction>();

function validatorFor(id: OperationId): ValidateFunction {
  let fn = compiled.get(id);
  if (fn) return fn;
  const subset = loadOpenApiSubset();
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('uri', (s: string) => /^https?:\/\/[^\s]+$/i.test(s) || /^\/2010-04-01\/\S+$/.test(s));
    ajv.addFormat('date-time-rfc-2822', (s: string) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/.test(s));
    ajv.addFormat('phone-number', (s: string) => /^\+[1-9]\d{6,14}$/.test(s) || /^\(\d{3}\) \d{3}-\d{4}$/.test(s));
    ajv.addFormat('phone-number-capabilities', () => true);
    ajv.addFormat('iso-country-code', (s: string) => /^[A-Z]{2}$/.test(s));
    ajv.addSchema({ components: closeObjects(subset.components) }, 'twilio');
  }
  const schema = JSON.parse(JSON.stringify(closeObjects(subset.operations[id].responseSchema)).replaceAll('"#/components/', '"twilio#/components/')) as Schema;
  fn = ajv.compile(schema);
  compiled.set(id, fn);
  return fn;
}

/** Returns the ajv errors as readable lines; an empty array means the body is valid. */
export function responseSchemaErrors(id: OperationId, body: unknown): string[] {
  const validate = validatorFor(id);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
