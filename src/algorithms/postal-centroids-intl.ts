import type { GeoPoint } from './geo';
import { rangeLookup, type PrefixRange } from './postal-ranges';

/** A country's postal codes: their format, and where a matching code is (null when it names no place). */
export interface PostalTable {
  pattern: RegExp;
  /** Whether the API refuses codes that do not match `pattern`. */
  strict: boolean;
  /** A valid code, for error messages. */
  example?: string;
  locate(match: RegExpExecArray): GeoPoint | null;
}

/**
 * Centroids of countries (rounded to 0.1°): where an address is placed when its country has no postal
 * table, or its table has no row for a valid code. Coarse by design (hundreds of km), but it still tells
 * a German address from a British or Japanese one, and a warehouse in the country from one abroad.
 */
export const COUNTRY_CENTROIDS: Readonly<Record<string, GeoPoint>> = {
  DE: { lat: 51.2, lon: 10.4 },
  GB: { lat: 54.0, lon: -2.0 },
  JP: { lat: 36.2, lon: 138.3 },
  FR: { lat: 46.6, lon: 2.4 },
  NL: { lat: 52.2, lon: 5.3 },
  BE: { lat: 50.6, lon: 4.6 },
  AT: { lat: 47.6, lon: 14.1 },
  CH: { lat: 46.8, lon: 8.2 },
  IE: { lat: 53.4, lon: -8.2 },
  IT: { lat: 42.8, lon: 12.6 },
  ES: { lat: 40.2, lon: -3.6 },
  PL: { lat: 52.1, lon: 19.4 },
  DK: { lat: 56.0, lon: 10.0 },
  SE: { lat: 62.2, lon: 17.6 },
  CA: { lat: 56.1, lon: -106.3 },
  AU: { lat: -25.3, lon: 133.8 },
  KW: { lat: 29.3, lon: 47.5 },
};

// Germany: the first digit of a PLZ is its zone (Leitzone), placed at the zone's main city.
const DE_ZONES: ReadonlyArray<PrefixRange> = [
  [0, 0, 51.2, 12.9, 'Dresden and Leipzig'],
  [1, 1, 52.5, 13.4, 'Berlin'],
  [2, 2, 53.6, 10.0, 'Hamburg'],
  [3, 3, 52.4, 9.7, 'Hannover'],
  [4, 4, 51.5, 7.0, 'Essen and Düsseldorf'],
  [5, 5, 50.9, 7.0, 'Cologne'],
  [6, 6, 50.1, 8.7, 'Frankfurt am Main'],
  [7, 7, 48.8, 9.2, 'Stuttgart'],
  [8, 8, 48.1, 11.6, 'Munich'],
  [9, 9, 49.5, 11.1, 'Nuremberg'],
];

// Japan: the first two digits of a postal code name its region; each range at the region's main city.
const JP_REGIONS: ReadonlyArray<PrefixRange> = [
  [0, 9, 43.1, 141.4, 'Hokkaido and northern Tohoku'],
  [10, 20, 35.7, 139.7, 'Tokyo'],
  [21, 29, 35.5, 139.8, 'Kanagawa and Chiba'],
  [30, 39, 36.2, 139.4, 'northern Kanto, Nagano and Niigata'],
  [40, 49, 35.2, 136.9, 'Nagoya'],
  [50, 59, 34.7, 135.5, 'Osaka'],
  [60, 69, 34.9, 135.4, 'Kyoto and Kobe'],
  [70, 79, 34.4, 132.5, 'Hiroshima and Shikoku'],
  [80, 89, 33.6, 130.4, 'Fukuoka and Kyushu'],
  [90, 90, 26.2, 127.7, 'Okinawa'],
  [91, 93, 36.6, 136.6, 'Hokuriku'],
  [94, 95, 37.9, 139.0, 'Niigata'],
  [96, 99, 38.3, 140.9, 'Sendai and southern Tohoku'],
];

// The UK: the letters of a postcode's outward code name its area; the larger areas, at their main city.
const GB_AREAS: Readonly<Record<string, GeoPoint>> = {
  ...Object.fromEntries(
    ['E', 'EC', 'N', 'NW', 'SE', 'SW', 'W', 'WC'].map((area) => [area, { lat: 51.5, lon: -0.1 }]),
  ),
  AB: { lat: 57.1, lon: -2.1 },
  B: { lat: 52.5, lon: -1.9 },
  BN: { lat: 50.8, lon: -0.1 },
  BS: { lat: 51.5, lon: -2.6 },
  BT: { lat: 54.6, lon: -5.9 },
  CB: { lat: 52.2, lon: 0.1 },
  CF: { lat: 51.5, lon: -3.2 },
  CV: { lat: 52.4, lon: -1.5 },
  EH: { lat: 56.0, lon: -3.2 },
  G: { lat: 55.9, lon: -4.3 },
  L: { lat: 53.4, lon: -3.0 },
  LE: { lat: 52.6, lon: -1.1 },
  LS: { lat: 53.8, lon: -1.5 },
  M: { lat: 53.5, lon: -2.2 },
  NE: { lat: 55.0, lon: -1.6 },
  NG: { lat: 53.0, lon: -1.2 },
  OX: { lat: 51.8, lon: -1.3 },
  PL: { lat: 50.4, lon: -4.1 },
  S: { lat: 53.4, lon: -1.5 },
  SO: { lat: 50.9, lon: -1.4 },
};

/** Tables of the seeded countries beyond the US; areas a table lacks fall back to the country centroid. */
export const INTERNATIONAL_TABLES: Readonly<Record<string, PostalTable>> = {
  DE: {
    pattern: /^(\d)\d{4}$/,
    strict: true,
    example: '10115',
    locate: (match) => rangeLookup(DE_ZONES, Number(match[1])),
  },
  // Outward code (area letters, district) and inward code (digit, two letters), with or without the space.
  GB: {
    pattern: /^([A-Z]{1,2})\d[A-Z\d]? ?\d[A-Z]{2}$/,
    strict: true,
    example: 'SW1A 1AA',
    locate: (match) => GB_AREAS[match[1]!] ?? COUNTRY_CENTROIDS.GB!,
  },
  JP: {
    pattern: /^(\d{2})\d-?\d{4}$/,
    strict: true,
    example: '100-0001',
    locate: (match) => rangeLookup(JP_REGIONS, Number(match[1])),
  },
};
