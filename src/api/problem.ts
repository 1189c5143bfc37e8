import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/** One bad input field and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * Problem types are tag URIs (RFC 4151): stable identifiers that RFC 9457 allows when there is no page to
 * link to. The last part is the same code the `error` member carries.
 */
export const problemType = (code: string) => `tag:checkout-saga,2026:problem:${code}`;

/**
 * Sends an RFC 9457 problem. Beside `type`, `title`, `status` and `detail`, the extension members `error`
 * (the code) and `message` (= detail) stay for clients written before problem details, and bad input adds
 * `field` (the first bad field) and `errors` (every one).
 */
export function sendProblem(
  res: Response,
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: problemType(code),
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      error: code,
      message: detail,
      ...extensions,
    });
}
