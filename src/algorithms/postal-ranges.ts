import type { GeoPoint } from './geo';

/** A range of numeric postal prefixes placed at one point: the coordinates of the range's main city. */
export type PrefixRange = readonly [from: number, to: number, lat: number, lon: number, place: string];

/** The row of a numeric prefix in a table of ranges, as a point; null when no range holds it. */
export function rangeLookup(rows: ReadonlyArray<PrefixRange>, prefix: number): GeoPoint | null {
  const row = rows.find(([from, to]) => prefix >= from && prefix <= to);
  return row ? { lat: row[2], lon: row[3] } : null;
}
