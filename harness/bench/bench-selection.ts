// `bench --only <names>`: which benches to run, by the names of the lines they print
// (`load.max_rate_per_s`), their first part (`load`: every load line) or the bench's label
// (`burst spread`). A name that selects nothing is a usage error, said before anything runs.
import { UsageError } from '../errors.ts';

export interface SelectableBench {
  label: string;
  /** The names of the lines it prints; a bench with none listed is selected by its label. */
  lines: readonly string[];
}

export function selectBenches<T extends SelectableBench>(benches: readonly T[], only: string | undefined): T[] {
  if (only === undefined) return [...benches];
  const wanted = only.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const matches = (bench: T, name: string): boolean =>
    bench.label === name || bench.lines.some((line) => line === name || line.split('.')[0] === name);
  const unknown = wanted.filter((name) => !benches.some((bench) => matches(bench, name)));
  if (wanted.length === 0 || unknown.length > 0) {
    const known = [...new Set(benches.flatMap((b) => (b.lines.length > 0 ? b.lines : [b.label])))].join(', ');
    throw new UsageError({
      code: 'E_BENCH_UNKNOWN',
      message: wanted.length === 0 ? '--only names no bench' : `--only ${unknown.join(', ')}: no bench prints ${unknown.length > 1 ? 'these lines' : 'this line'}`,
      fix: `give one or more of (comma separated): ${known}`,
      value: only,
      source: '--only',
    });
  }
  return benches.filter((bench) => wanted.some((name) => matches(bench, name)));
}
