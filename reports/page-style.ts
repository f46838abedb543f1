// The report's stylesheet. Verdicts carry a word, an icon and a pattern (solid, stripes, dots,
// dashed) as well as a colour, so they read in greyscale print and for colour-blind readers.
export const PAGE_STYLE = String.raw`
:root { --pass:#1a7f37; --fail:#c0212d; --error:#8a5a00; --skipped:#57606a; --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1280px; margin: 0 auto; padding: 0 20px 40px; }
h2 { font-size: 19px; margin: 26px 0 8px; } h3 { font-size: 15px; margin: 18px 0 6px; } h4 { margin: 14px 0 6px; } h5 { margin: 6px 0; font-size: 13px; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: #0550ae; }
.muted { color: var(--muted); }
.banner { display: flex; gap: 22px; align-items: center; padding: 18px 24px; color: #fff; border: 4px solid transparent; }
.banner .verdict { font-size: 34px; font-weight: 800; letter-spacing: .04em; white-space: nowrap; }
.banner .icon { display: inline-block; width: 1.2em; }
.banner p { margin: 2px 0; } .banner .summary p:first-child { font-size: 17px; font-weight: 600; }
.banner .meta { opacity: .92; font-size: 12.5px; }
.v-pass { background: var(--pass); }
.v-fail { background: repeating-linear-gradient(135deg, var(--fail) 0 14px, #9e1a24 14px 28px); }
.v-error { background: radial-gradient(circle, #6b4500 2px, transparent 2.5px) 0 0/12px 12px, var(--error); }
.v-skipped { background: var(--skipped); border-style: dashed; border-color: #d0d7de; }
.rerun pre { background: var(--soft); border: 1px solid var(--line); padding: 10px 12px; overflow-x: auto; margin: 0; }
.rerun h2 { font-size: 14px; margin: 14px 0 6px; }
.findings ul { padding-left: 0; list-style: none; margin: 0; }
.findings li { padding: 6px 10px; margin: 4px 0; border-left: 6px solid; background: var(--soft); }
/* The word at the start of each finding (error, broken, …) carries the meaning; the colour only helps. */
.f-fail { border-color: var(--fail); } .f-error { border-color: var(--error); }
.f-expected { border-color: var(--muted); } .f-skipped { border-color: var(--skipped); }
.callout { padding: 8px 12px; border-left: 6px solid; background: var(--soft); }
table { border-collapse: collapse; margin: 4px 0 10px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
#matrix td { min-width: 120px; } #matrix td.m-mismatch { outline: 3px dashed var(--fail); outline-offset: -4px; }
.mcell { display: block; text-decoration: none; color: inherit; padding: 2px 0; }
.mcell > span { display: block; }
.mv { display: inline-block; color: #fff; font-weight: 700; padding: 1px 8px; border-radius: 3px; font-size: 12.5px; border: 2px solid transparent; }
.exp, .att, .var { color: var(--muted); font-size: 12px; } .var { font-weight: 600; color: var(--ink); }
.mm { color: var(--fail); font-weight: 700; font-size: 12px; } .ok-mark { color: var(--pass); font-size: 12px; }
.mismatch-key { outline: 2px dashed var(--fail); padding: 0 4px; }
.legend { color: var(--muted); font-size: 12px; }
details.scenario { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 0 16px 8px; }
details.scenario > summary { cursor: pointer; padding: 12px 0; font-size: 16px; font-weight: 600; }
details.scenario > summary .title { margin: 0 6px; }
.held { color: var(--pass); font-weight: 600; } .broken { color: var(--fail); font-weight: 700; } .na { color: var(--muted); }
.faults tr.short td { background: #fff8c5; }
.exploration-section td.nowrap { white-space: nowrap; } .exploration-section code.schedule-id { white-space: normal; overflow-wrap: anywhere; word-break: break-all; }
.chart { min-height: 60px; width: 100%; overflow: hidden; }
.hover { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); min-height: 2.8em; padding: 2px 0 0 150px; }
.load-chart .u-title { font-size: 13px; font-weight: 600; text-align: left; padding-left: 60px; }
/* The violation a link or a ✘ on the load chart went to. */
.violation:target, ul.rest li:target { background: #fff8c5; outline: 2px solid #bf8700; outline-offset: 2px; }
.load-chart .u-legend { font-size: 12px; } .load-marks { columns: 2; font-size: 12.5px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.two > div { min-width: 0; }
.violation { border-top: 1px solid var(--line); padding-top: 6px; }
.evidence { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 16px; }
.evidence > div { overflow-x: auto; }
.evidence table { font-size: 12px; width: 100%; } .evidence td { padding: 2px 6px; }
.sid { font-family: ui-monospace, monospace; font-size: 11px; white-space: nowrap; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11.5px; font-weight: 700; border: 1px solid; }
.t-invoke { color: var(--muted); } .t-ok { color: var(--pass); } .t-fail { color: var(--fail); border-style: double; } .t-info { color: var(--error); border-style: dotted; }
.t-fault { color: #8250df; }
.incident-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px; }
.incident-col { border: 1px solid var(--line); border-radius: 6px; padding: 0 16px 12px; min-width: 0; }
.numbers { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; margin: 8px 0; }
.numbers div { background: var(--soft); padding: 6px 8px; border-radius: 4px; }
.numbers dt { color: var(--muted); font-size: 12px; } .numbers dd { margin: 0; font-size: 24px; font-weight: 700; }
.incident-events { font-size: 12.5px; width: 100%; }
ul.rest { columns: 2; font-size: 12.5px; }
footer { color: var(--muted); font-size: 12px; margin-top: 30px; }
@media print { details.scenario { break-inside: avoid; } }
`;
