import { z } from 'zod';
import { parseDuration } from './domain/duration';

/** A duration setting such as "30s" or "7 days" (kept as text; convert with {@link ms}). */
export const duration = z.string().refine((value) => parseDuration(value) !== null, {
  message: 'must be a duration such as "30s", "15 minutes", "24h" or "7 days"',
});

/** Milliseconds of a duration setting that the schema has already checked. */
export const ms = (value: string) => parseDuration(value) as number;
