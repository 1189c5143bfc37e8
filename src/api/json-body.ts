import express, { type RequestHandler } from 'express';
import { HttpError } from './http-errors';

/** Largest JSON body the API reads; a larger one is a 413. */
const BODY_LIMIT = '100kb';

/**
 * Reads JSON bodies, keeping their exact bytes (webhook signatures are over the bytes received). A request
 * that carries a body of another type is a 415 rather than being read as empty (which would report its
 * fields as missing); requests without a body pass.
 */
export function jsonBody(): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    // `req.is` is null without a body and false for a body of another type; an empty body is no body.
    const empty = req.headers['content-length'] === '0';
    if (!empty && req.is(['application/json', 'application/*+json']) === false)
      throw new HttpError(415, 'unsupported_media_type', 'body: must be application/json');
    next();
  };
  const parseJson = express.json({
    limit: BODY_LIMIT,
    verify: (req, _res, buf) => {
      (req as typeof req & { rawBody?: Buffer }).rawBody = buf;
    },
  });
  return [requireJson, parseJson];
}
