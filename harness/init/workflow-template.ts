// The GitHub Actions workflow `exactly-one init` writes. A template string rather than a YAML
// object run through a serializer, because its comments are the point: a team reads this file
// before committing it, and each step says why it is there.
//
// Versions are the actions' current majors; dependabot (or a person) bumps them later.

export const WORKFLOW_PATH = '.github/workflows/exactly-one.yml';

export interface WorkflowOptions {
  /** The Node.js line CI runs on (the package needs 20.19 or newer). */
  nodeVersion?: string;
}

export function renderWorkflow(options: WorkflowOptions = {}): string {
  const node = options.nodeVersion ?? '24';
  return `# Written by \`npx exactly-one init\`: runs the exactly-one gate against this repository's app.
# The app is started by the command in exactly-one.config.json; PostgreSQL (embedded) and a fake
# Twilio come with the package, so the job needs no services and no secrets.
# CI setup and how to read the results: docs/ci.md in the exactly-one package.
name: exactly-one

on:
  push:
    branches: [main, master]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read
  # The JUnit step publishes a check run with one case per invariant.
  checks: write

jobs:
  gate:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v6

      - uses: actions/setup-node@v6
        with:
          node-version: '${node}'
          cache: npm

      - run: npm ci

      # rapid-clicks drives a real browser. GitHub's Ubuntu images ship Google Chrome, which
      # exactly-one finds by itself; this step only fails early, and clearly, if it is missing.
      # (Ubuntu's \`apt-get install chromium\` would install a snap stub that cannot run here.)
      - name: Browser
        run: |
          google-chrome --version
          echo "CHROME_PATH=$(command -v google-chrome)" >> "$GITHUB_ENV"

      # Exit code 1: an invariant was broken; the job summary lists each violation, its business
      # and the command that re-runs it with the same seed.
      - name: exactly-one gate
        run: npx exactly-one gate

      - name: Upload the report
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v6
        with:
          name: exactly-one-report
          path: reports/
          if-no-files-found: warn

      - name: Publish JUnit
        if: \${{ !cancelled() }}
        uses: mikepenz/action-junit-report@v6
        with:
          report_paths: reports/latest/junit.xml
          check_name: exactly-one gate
`;
}
