// One line of `npm run bench` output (docs/bench.md): printed as one JSON object per line.
export interface BenchLine {
  name: string;
  /** null only on a line with `failed: true`: a measurement that did not complete has no value. */
  value: number | null;
  unit: string;
  [field: string]: unknown;
}

export interface BenchOptions {
  /** A smaller, faster version for smoke runs. */
  quick: boolean;
  /** Called with progress text for a terminal (never on stdout, which carries the JSON lines). */
  progress?: (message: string) => void;
}
