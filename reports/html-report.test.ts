import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CellData } from './cell-model.ts';
import { reportFixture } from './fixtures.ts';
import { renderHtmlReport } from './html-report.ts';
import { VIOLATIONS_IN_FULL } from './scenario-section.ts';

function payload(html: string): { result: unknown; cells: CellData[] } {
  const m = /<script type="[^"]+" id="run-data" data-encoding="([^"]+)">([^<]*)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  const text = m![1] === 'gzip-base64' ? gunzipSync(Buffer.from(m![2]!, 'base64')).toString('utf8') : m![2]!;
  return JSON.parse(text) as { result: unknown; cells: CellData[] };
}

describe('renderHtmlReport', () => {
  it('keeps a passing run of 1,000 businesses per scenario under 1 MB', () => {
    const input = reportFixture('large');
    expect(input.result.scenarios.every((s) => s.businesses === 1000)).toBe(true);
    const html = renderHtmlReport(input);
    const bytes = Buffer.byteLength(html);
    console.info(`HTML report, 3 scenarios x 1,000 businesses passing: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    // Compressed data still holds every scenario, each timeline downsampled to its 50 rows.
    const data = payload(html);
    expect(data.cells).toHaveLength(3);
    expect(data.cells[0]!.timeline.names).toHaveLength(50);
    expect(data.cells[0]!.timeline.hidden.businesses).toBe(950);
  });

  it('inlines everything and forbids every request with a Content-Security-Policy', () => {
    const html = renderHtmlReport(reportFixture('pass'));
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(html).toContain('uPlot');
  });

  it('puts the verdict and the rerun command first, and escapes run data', () => {
    const input = reportFixture('fail');
    input.cells[0]!.businesses[0]!.name = '<img src=x onerror=alert(1)>';
    const html = renderHtmlReport(input);
    expect(html.indexOf('id="verdict-word">FAIL<')).toBeGreaterThan(0);
    expect(html.indexOf('id="verdict-word"')).toBeLessThan(html.indexOf('id="matrix"'));
    expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('id="matrix"'));
    expect(html).toContain('npx exactly-one gate --seed 42');
    expect(html).not.toContain('<img src=x');
  });

  it('shows the first 50 violations of a scenario with their history and lists the rest', () => {
    const input = reportFixture('fail');
    const big = input.result.scenarios[3]!;
    const total = big.invariants.reduce((n, inv) => n + inv.violations.length, 0);
    expect(total).toBeGreaterThan(VIOLATIONS_IN_FULL);
    const html = renderHtmlReport(input);
    const section = html.slice(html.indexOf('id="s-3"'), html.indexOf('</details>\n', html.indexOf('id="s-3"')));
    expect(section.split('class="violation"').length - 1).toBe(VIOLATIONS_IN_FULL);
    expect((section.match(/<ul class="rest">/g) ?? []).length).toBeGreaterThan(0);
    expect((section.match(/<li( id="[^"]+")?><code>/g) ?? []).length).toBe(total - VIOLATIONS_IN_FULL);
    expect(section).toContain('class="history"');
    expect(section).toContain('class="ledger"');
  });

  it('draws the incident side by side with numbers bought, orphans and monthly cost', () => {
    const html = renderHtmlReport(reportFixture('incident'));
    expect(html).toContain('The incident: Tom&#39;s Garage');
    const naive = html.slice(html.indexOf('data-strategy="naive"'), html.indexOf('data-strategy="idempotent"'));
    expect(naive).toMatch(/numbers bought<\/dt><dd class="broken">5</);
    expect(naive).toMatch(/orphans at Twilio<\/dt><dd class="broken">4</);
    expect(naive).toMatch(/wasted each month<\/dt><dd class="broken">\$20.00</);
    expect(naive).toContain('$25.00 a month in all');
  });
});

describe('renderHtmlReport of a long load run', () => {
  it('keeps a 10-minute sustained-load run at 200/s with thousands of violations under 2 MB', () => {
    const input = reportFixture('load-long');
    const s = input.result.scenarios[0]!;
    expect(s.businesses).toBe(120_000);
    const html = renderHtmlReport(input);
    const bytes = Buffer.byteLength(html);
    console.info(`HTML report, sustained-load 10 min at 200/s, ${s.invariants[0]!.violations.length} violations: ${bytes} bytes`);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    const load = payload(html).cells[0]!.load!;
    // Sampled: 600 s fit in at most 600 points, 2 s each.
    expect(load.t.length).toBeLessThanOrEqual(600);
    expect(load.widthS).toBe(2);
    expect(html).toContain('one point per 2 s');
    expect(load.marks.t.length).toBeGreaterThan(1000);
    // The marked (and listed) violations are spread over the whole run, not its first minute.
    expect(load.marks.t[0]!).toBeLessThan(60);
    expect(load.marks.t.at(-1)!).toBeGreaterThan(540);
    expect(html).toContain('listed, evenly spread over the run');
  }, 60_000);
});
