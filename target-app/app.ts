// The express application: routes and middleware over already-built parts, no I/O of its own.
import { fileURLToPath } from 'node:url';
import express from 'express';
import { AppError, databaseUnavailable } from './errors.ts';
import { describeDatabaseError } from './database/database-unavailable.ts';
import type { Pool } from './database/pool.ts';
import type { OnboardingStrategy } from './strategies/index.ts';
import { stampArrival } from './http/arrival-time.ts';
import { createBusinessRouter } from './http/business-routes.ts';
import { createErrorHandler } from './http/error-handler.ts';
import { createFixturesRouter } from './http/fixtures-routes.ts';
import type { OwnerTokens } from './http/owner-tokens.ts';

/** Resolved from this module so the source (tsx) and the build (dist/) both find the pages. */
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface AppParts {
  pool: Pool;
  tokens: OwnerTokens;
  strategy: OnboardingStrategy;
  fixturesEnabled: boolean;
  log: (line: string) => void;
}

export function createApp(parts: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(stampArrival);

  app.get('/healthz', async (_req, res) => {
    try {
      await parts.pool.query('SELECT 1');
      res.json({ status: 'ok', strategy: parts.strategy.name });
    } catch (error) {
      throw databaseUnavailable(describeDatabaseError(error));
    }
  });
  app.use(createBusinessRouter(parts));
  if (parts.fixturesEnabled) app.use(createFixturesRouter(parts.pool, parts.tokens));
  app.use(express.static(PUBLIC_DIR, { index: false }));

  app.use((req) => {
    throw new AppError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}.`);
  });
  app.use(createErrorHandler(parts.log));
  return app;
}
