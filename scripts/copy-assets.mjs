// tsc only emits JavaScript; the compiled package also needs the files that are read at run time
// (the onboarding pages, vendored JSON schemas, the result schema). Copy them beside the output.
import { cpSync, existsSync } from 'node:fs';

const assets = [
  'target-app/public',
  'target-app/migrations',
  'fake-twilio/openapi',
  'reports/result.schema.json',
];
for (const asset of assets) {
  if (existsSync(asset)) cpSync(asset, `dist/${asset}`, { recursive: true });
}
