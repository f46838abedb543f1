// What `load.harness_rss_mb` says of its RSS samples: the peak, and the slope of a least-squares
// line through the samples after the warm-up (MB per minute) — the growth a longer run would
// add, which a short --quick run can show even when its peak is far from the goal.

export interface RssSample {
  /** Seconds since the run began. */
  tS: number;
  mb: number;
}

export interface RssSummary {
  peakMb: number;
  /** MB per minute after the warm-up; null with fewer than 3 samples there. */
  slopeMbPerMin: number | null;
  samples: number;
}

export function summariseRss(samples: readonly RssSample[], warmupS: number): RssSummary {
  const peakMb = samples.reduce((max, s) => Math.max(max, s.mb), 0);
  const steady = samples.filter((s) => s.tS >= warmupS);
  if (steady.length < 3) return { peakMb, slopeMbPerMin: null, samples: samples.length };
  const meanT = steady.reduce((sum, s) => sum + s.tS, 0) / steady.length;
  const meanMb = steady.reduce((sum, s) => sum + s.mb, 0) / steady.length;
  const sxy = steady.reduce((sum, s) => sum + (s.tS - meanT) * (s.mb - meanMb), 0);
  const sxx = steady.reduce((sum, s) => sum + (s.tS - meanT) ** 2, 0);
  return { peakMb, slopeMbPerMin: sxx === 0 ? null : (sxy / sxx) * 60, samples: samples.length };
}
