import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PACKAGE_ROOT } from '../../harness/processes/node-entry.ts';

// Validates a real run's result.json against the published schema (reports/result.schema.json).
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'reports', 'result.schema.json'), 'utf8')) as object;
const validate = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(schema);

/** The schema's complaints about this result, empty when it conforms. */
export function resultSchemaErrors(result: unknown): string[] {
  return validate(result) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
