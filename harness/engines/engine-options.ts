// Engine options are validated once, where they come in (zod), then used as typed values.
import { z } from 'zod';
import type { BurstEngineOptions, BurstMethod } from './engine-types.ts';

const engineOptions = z.object({
  method: z.enum(['auto', 'last-byte', 'warm', 'fetch']).default('auto'),
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
  maxBurstSize: z.number().int().positive().max(10_000).default(500),
  settleBeforeReleaseMs: z.number().min(0).max(1_000).default(1),
});

export interface EngineConfig {
  method: 'auto' | BurstMethod;
  timeoutMs: number;
  maxBurstSize: number;
  settleBeforeReleaseMs: number;
}

export class EngineOptionsError extends Error {
  readonly code = 'ENGINE_INVALID_OPTIONS';
}

export function parseEngineOptions(options: BurstEngineOptions): EngineConfig {
  const parsed = engineOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EngineOptionsError(`burst engine option ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
