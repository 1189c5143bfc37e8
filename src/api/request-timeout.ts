import type { RequestHandler } from 'express';
import { errorHandler, unavailable } from './http-errors';

/**
 * Answers 503 with a problem when a request is not answered within `timeoutMs`, instead of letting the
 * client hang. The handler keeps running (its late answer is dropped); the database's statement_timeout
 * bounds how long its queries can go on.
 */
export function requestTimeout(timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const error = unavailable('timeout', `not answered within ${timeoutMs} ms; try again shortly`);
      errorHandler(error, req, res, () => undefined);
    }, timeoutMs);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear).once('close', clear);
    next();
  };
}
