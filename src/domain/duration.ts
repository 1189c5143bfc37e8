const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

/** Parses "30s", "15 minutes", "24h" or "7 days" into milliseconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return null;
  const word = match[2]!.toLowerCase();
  // Plurals ("days", "mins") share the singular's entry; "ms" and "s" are units of their own.
  const unit = UNIT_MS[word] ?? (word.endsWith('s') ? UNIT_MS[word.slice(0, -1)] : undefined);
  if (unit === undefined) return null;
  const value = Number(match[1]) * unit;
  return value > 0 ? Math.round(value) : null;
}
