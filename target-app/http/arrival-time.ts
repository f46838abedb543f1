// X-Arrival-Ns (docs/target-contract.md): process.hrtime.bigint() when the whole request had arrived,
// so the harness can measure how tightly a burst reached the server. It is stamped once the
// headers are in, and again once a body parser has read the body.
import type { RequestHandler } from 'express';

export const ARRIVAL_HEADER = 'X-Arrival-Ns';

export const stampArrival: RequestHandler = (_req, res, next) => {
  res.setHeader(ARRIVAL_HEADER, process.hrtime.bigint().toString());
  next();
};
