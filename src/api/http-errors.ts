import { ServiceError } from '@temporalio/client';
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';

/** An error with an HTTP status and, for bad input, the field it is about. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, field?: string) => new HttpError(409, 'conflict', message, field);
export const invalid = (field: string, message: string) =>
  new HttpError(400, 'invalid_request', `${field}: ${message}`, field);

/** Parses input with a schema, or throws a 400 naming the first bad field (e.g. `lines[0].quantity`). */
export function parse<T extends z.ZodType>(schema: T, input: unknown, root = 'body'): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.reduce<string>(
    (name, key) =>
      typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key),
    '',
  );
  const keys = (issue as { keys?: string[] }).keys;
  const named =
    issue.code === 'unrecognized_keys' && keys?.length ? [field, keys[0]].filter(Boolean).join('.') : field;
  throw invalid(named || root, issue.message);
}

/** Turns errors into JSON responses; never leaks internals on a 500. */
export function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof HttpError) {
    if (error.status === 401) res.set('WWW-Authenticate', 'Bearer realm="checkout"');
    res
      .status(error.status)
      .json({ error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
    return;
  }
  const status = (error as { status?: number; type?: string }).status;
  if (status === 400 || (error as { type?: string }).type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid_json', message: 'body: not valid JSON', field: 'body' });
    return;
  }
  if (error instanceof ServiceError) {
    // Temporal could not be reached; nothing was started or written, so the client may simply retry.
    res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'try again shortly' });
    return;
  }
  console.error(error);
  res.status(500).json({ error: 'internal', message: 'internal error' });
}
