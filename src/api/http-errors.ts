import { ServiceError } from '@temporalio/client';
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { sendProblem, type FieldIssue } from './problem';

/** An error with an HTTP status and, for bad input, the fields it is about (the first one in `field`). */
export class HttpError extends Error {
  readonly errors: FieldIssue[] | undefined;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    errors?: FieldIssue[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.errors = errors ?? (field ? [{ field, message }] : undefined);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, field?: string) => new HttpError(409, 'conflict', message, field);
export const invalid = (field: string, message: string) =>
  new HttpError(400, 'invalid_request', `${field}: ${message}`, field);
/** A 503 the client may retry after `retryAfterS` seconds. */
export const unavailable = (code: string, message: string, retryAfterS = 5) =>
  new HttpError(503, code, message, undefined, undefined, { 'Retry-After': String(retryAfterS) });

/** A field path as clients write it: `lines[0].quantity`. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (name, key) =>
      typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key),
    '',
  );
}

/** Every issue zod found, one per field (an unknown-keys issue gives one entry per unknown key). */
function fieldIssues(issues: z.core.$ZodIssue[], root: string): FieldIssue[] {
  return issues.flatMap((issue) => {
    const field = fieldName(issue.path);
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    if (keys.length > 0)
      return keys.map((key) => ({ field: [field, key].filter(Boolean).join('.'), message: issue.message }));
    return [{ field: field || root, message: issue.message }];
  });
}

/** Parses input with a schema, or throws a 400 listing every bad field, the first one in `field`. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, root = 'body'): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = fieldIssues(result.error.issues, root);
  const first = errors[0]!;
  throw new HttpError(400, 'invalid_request', `${first.field}: ${first.message}`, first.field, errors);
}

/** body-parser's own client errors (too large, bad charset or encoding), by its `type`. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'body: not valid JSON' },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'body: larger than allowed' },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    message: 'body: encoding not supported',
  },
  'charset.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    message: 'body: charset not supported',
  },
  'request.aborted': { status: 400, code: 'invalid_request', message: 'body: request aborted' },
};

/** Turns errors into `application/problem+json` responses (RFC 9457); never leaks internals on a 500. */
export function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  // A late error from a request already answered (e.g. by the request timeout) has nowhere to go.
  if (res.headersSent) return;
  if (error instanceof HttpError) {
    res.set(error.headers);
    if (error.status === 401) res.set('WWW-Authenticate', 'Bearer realm="checkout"');
    sendProblem(res, error.status, error.code, error.message, {
      ...(error.field ? { field: error.field } : {}),
      ...(error.errors ? { errors: error.errors } : {}),
    });
    return;
  }
  const bodyError = BODY_ERRORS[(error as { type?: string }).type ?? ''];
  if (bodyError) {
    const field = bodyError.status === 400 ? { field: 'body' } : {};
    sendProblem(res, bodyError.status, bodyError.code, bodyError.message, field);
    return;
  }
  if (error instanceof ServiceError) {
    // Temporal could not be reached; nothing was started or written, so the client may simply retry.
    errorHandler(unavailable('unavailable', 'try again shortly'), _req, res, _next);
    return;
  }
  console.error(error);
  sendProblem(res, 500, 'internal', 'internal error');
}
