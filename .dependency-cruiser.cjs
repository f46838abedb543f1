// The folder rules of the layout (docs/architecture.md), checked in `npm test`
// (test/dependency-rules.test.ts): dependencies point one way, and the leaf model imports nothing of ours.
const OURS = '^(model|fake-twilio|target-app|harness|scenarios|reports)/';
module.exports = {
  forbidden: [
    { name: 'model-is-a-leaf', severity: 'error', comment: 'model/ holds result/history types and names: it imports nothing of ours',
      from: { path: '^model/' }, to: { path: OURS, pathNot: '^model/' } },
    { name: 'target-app-stands-alone', severity: 'error', comment: 'the app under test imports nothing of ours, as a user\'s app would',
      from: { path: '^target-app/' }, to: { path: OURS, pathNot: '^target-app/' } },
    { name: 'fake-twilio-stands-alone', severity: 'error', comment: 'the fake is a test double with its own contract: no harness, scenarios, reports or app',
      from: { path: '^fake-twilio/' }, to: { path: '^(harness|scenarios|reports|target-app)/' } },
    { name: 'scenarios-are-pure', severity: 'error', comment: 'scenarios are pure plans (the k6 scripts import them): only model/',
      from: { path: '^scenarios/' }, to: { path: OURS, pathNot: '^(scenarios|model)/' } },
    { name: 'reports-read-the-model', severity: 'error', comment: 'reports render results: model/ and the fake\'s ledger types, never harness/ or scenarios/',
      from: { path: '^reports/' }, to: { path: '^(harness|scenarios|target-app)/' } },
    { name: 'harness-launches-the-app', severity: 'error', comment: 'the harness starts target-app as a child process; it never imports it',
      from: { path: '^harness/' }, to: { path: '^target-app/' } },
    { name: 'shipped-code-needs-no-dev-dependency', severity: 'error',
      comment: 'the published package installs only "dependencies": shipped code loads a devDependency (autocannon for the bench) only by a dynamic import that says what is missing',
      from: { path: OURS, pathNot: '\\.test-support\\.ts$|^scenarios/k6/|^fake-twilio/openapi/' }, to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'dynamic-import'] } },
    { name: 'no-runtime-cycles', severity: 'error', comment: 'no runtime import cycle (type-only imports are erased)',
      from: { path: OURS }, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|reports/runs|reports/latest)/|\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6'],
  },
};
