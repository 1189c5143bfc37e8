import type { GeoPoint } from './geo';
import { rangeLookup, type PrefixRange } from './postal-ranges';
import { COUNTRY_CENTROIDS, INTERNATIONAL_TABLES, type PostalTable } from './postal-centroids-intl';

/**
 * Where a shipping address is, derived from its postal code, so that risk and allocation never depend
 * on coordinates a client sends (a client could claim to ship next to its usual address or a warehouse).
 *
 * US ZIP codes are placed by their first three digits. Each row is a USPS range of 3-digit prefixes (the ranges that USPS assigns to states and
 * their sectional centers) and the coordinates of that range's main city, rounded to 0.1°, compiled
 * by hand for this project from well-known city locations. It is coarse, typically within 100–300 km of the true
 * place: enough for features measured in hundreds of kilometres (`distanceFromUsual` saturates at
 * 2,000 km) and for choosing between warehouses in different states. Add a country with its own table.
 */

const US_ZIP3: ReadonlyArray<PrefixRange> = [
  [5, 5, 40.8, -73.0, 'Holtsville NY'],
  [6, 9, 18.4, -66.1, 'San Juan PR'],
  [10, 13, 42.1, -72.6, 'Springfield MA'],
  [14, 16, 42.3, -71.8, 'Worcester MA'],
  [17, 27, 42.4, -71.1, 'Boston MA'],
  [28, 29, 41.8, -71.4, 'Providence RI'],
  [30, 38, 43.0, -71.5, 'Manchester NH'],
  [39, 49, 44.3, -69.8, 'Augusta ME'],
  [50, 59, 44.3, -72.6, 'Montpelier VT'],
  [60, 69, 41.8, -72.7, 'Hartford CT'],
  [70, 79, 40.7, -74.2, 'Newark NJ'],
  [80, 89, 40.0, -74.8, 'Trenton NJ'],
  [100, 104, 40.8, -73.9, 'New York NY'],
  [105, 109, 41.1, -73.8, 'White Plains NY'],
  [110, 119, 40.7, -73.6, 'Queens and Long Island NY'],
  [120, 129, 42.7, -73.8, 'Albany NY'],
  [130, 139, 43.0, -76.1, 'Syracuse NY'],
  [140, 149, 42.9, -78.0, 'Buffalo and Rochester NY'],
  [150, 168, 40.4, -80.0, 'Pittsburgh PA'],
  [169, 179, 40.3, -76.9, 'Harrisburg PA'],
  [180, 196, 40.0, -75.3, 'Philadelphia PA'],
  [197, 199, 39.7, -75.5, 'Wilmington DE'],
  [200, 205, 38.9, -77.0, 'Washington DC'],
  [206, 219, 39.3, -76.6, 'Baltimore MD'],
  [220, 246, 37.9, -78.0, 'Richmond VA'],
  [247, 268, 38.4, -81.6, 'Charleston WV'],
  [270, 289, 35.6, -79.4, 'Greensboro NC'],
  [290, 299, 34.0, -81.0, 'Columbia SC'],
  [300, 303, 33.7, -84.4, 'Atlanta GA'],
  [304, 319, 32.5, -83.5, 'Macon GA'],
  [320, 322, 30.3, -81.7, 'Jacksonville FL'],
  [323, 325, 30.4, -85.5, 'Tallahassee FL'],
  [326, 329, 28.8, -81.6, 'Orlando FL'],
  [330, 334, 26.1, -80.2, 'Miami FL'],
  [335, 349, 27.5, -82.3, 'Tampa FL'],
  [350, 369, 33.0, -86.8, 'Birmingham AL'],
  [370, 372, 36.2, -86.8, 'Nashville TN'],
  [373, 379, 35.9, -84.5, 'Knoxville TN'],
  [380, 385, 35.4, -89.3, 'Memphis TN'],
  [386, 397, 32.3, -90.2, 'Jackson MS'],
  [398, 399, 31.6, -84.2, 'Albany GA'],
  [400, 427, 38.0, -85.3, 'Louisville KY'],
  [430, 433, 40.0, -83.0, 'Columbus OH'],
  [434, 436, 41.7, -83.5, 'Toledo OH'],
  [437, 439, 40.0, -81.5, 'Zanesville OH'],
  [440, 449, 41.3, -81.6, 'Cleveland OH'],
  [450, 459, 39.4, -84.3, 'Cincinnati OH'],
  [460, 479, 40.0, -86.2, 'Indianapolis IN'],
  [480, 489, 42.5, -83.4, 'Detroit MI'],
  [490, 499, 43.5, -85.6, 'Grand Rapids MI'],
  [500, 528, 41.9, -93.1, 'Des Moines IA'],
  [530, 534, 43.0, -87.9, 'Milwaukee WI'],
  [535, 549, 44.3, -89.6, 'Madison WI'],
  [550, 555, 45.0, -93.3, 'Minneapolis MN'],
  [556, 567, 46.5, -94.5, 'Brainerd MN'],
  [570, 577, 44.3, -99.4, 'Pierre SD'],
  [580, 588, 47.4, -100.5, 'Bismarck ND'],
  [590, 599, 46.9, -110.0, 'Helena MT'],
  [600, 608, 41.9, -87.6, 'Chicago IL'],
  [609, 629, 40.0, -89.2, 'Springfield IL'],
  [630, 633, 38.6, -90.2, 'St. Louis MO'],
  [634, 639, 38.6, -92.2, 'Jefferson City MO'],
  [640, 649, 39.1, -94.6, 'Kansas City MO'],
  [650, 658, 37.8, -92.6, 'Springfield MO'],
  [660, 679, 38.5, -97.5, 'Wichita KS'],
  [680, 693, 41.0, -97.5, 'Lincoln NE'],
  [700, 701, 30.0, -90.1, 'New Orleans LA'],
  [703, 714, 30.9, -92.0, 'Alexandria LA'],
  [716, 729, 34.7, -92.3, 'Little Rock AR'],
  [730, 749, 35.6, -97.0, 'Oklahoma City OK'],
  [750, 753, 32.8, -96.8, 'Dallas TX'],
  [754, 759, 32.5, -95.3, 'Tyler TX'],
  [760, 762, 32.8, -97.3, 'Fort Worth TX'],
  [763, 769, 32.4, -99.7, 'Abilene TX'],
  [770, 775, 29.8, -95.4, 'Houston TX'],
  [776, 779, 30.0, -94.5, 'Beaumont TX'],
  [780, 782, 29.4, -98.5, 'San Antonio TX'],
  [783, 785, 27.0, -97.8, 'Corpus Christi TX'],
  [786, 789, 30.3, -97.7, 'Austin TX'],
  [790, 797, 33.5, -101.8, 'Lubbock TX'],
  [798, 799, 31.8, -106.5, 'El Paso TX'],
  [800, 806, 39.7, -105.0, 'Denver CO'],
  [807, 816, 38.8, -106.0, 'central Colorado'],
  [820, 831, 42.8, -107.3, 'Casper WY'],
  [832, 838, 43.6, -116.2, 'Boise ID'],
  [840, 847, 40.8, -111.9, 'Salt Lake City UT'],
  [850, 853, 33.4, -112.1, 'Phoenix AZ'],
  [855, 857, 32.2, -111.0, 'Tucson AZ'],
  [859, 865, 35.0, -111.5, 'Flagstaff AZ'],
  [870, 884, 35.1, -106.6, 'Albuquerque NM'],
  [885, 885, 31.8, -106.5, 'El Paso TX'],
  [889, 891, 36.2, -115.1, 'Las Vegas NV'],
  [893, 898, 39.5, -119.8, 'Reno NV'],
  [900, 908, 34.1, -118.3, 'Los Angeles CA'],
  [910, 918, 34.1, -118.1, 'Pasadena CA'],
  [919, 921, 32.7, -117.2, 'San Diego CA'],
  [922, 925, 34.0, -117.4, 'Riverside CA'],
  [926, 928, 33.8, -117.9, 'Santa Ana CA'],
  [930, 935, 35.0, -119.5, 'Bakersfield CA'],
  [936, 939, 36.6, -120.5, 'Fresno CA'],
  [940, 951, 37.6, -122.2, 'San Francisco Bay CA'],
  [952, 953, 38.0, -121.3, 'Stockton CA'],
  [954, 955, 39.5, -123.3, 'Santa Rosa and Eureka CA'],
  [956, 961, 38.9, -121.3, 'Sacramento CA'],
  [967, 968, 21.3, -157.9, 'Honolulu HI'],
  [970, 972, 45.5, -122.7, 'Portland OR'],
  [973, 979, 44.0, -121.5, 'Salem and Bend OR'],
  [980, 985, 47.5, -122.3, 'Seattle WA'],
  [986, 986, 45.6, -122.6, 'Vancouver WA'],
  [988, 994, 47.3, -118.5, 'Spokane WA'],
  [995, 999, 61.2, -149.9, 'Anchorage AK'],
];

const TABLES: Readonly<Record<string, PostalTable>> = {
  // ZIP or ZIP+4; the first three digits name the sectional center. Not format-checked at the API (older
  // clients send placeholders); an unassigned prefix (military mail, say) is no place, not the country.
  US: {
    pattern: /^(\d{3})\d{2}(?:-?\d{4})?$/,
    strict: false,
    locate: (match) => rangeLookup(US_ZIP3, Number(match[1])),
  },
  ...INTERNATIONAL_TABLES,
};

/**
 * The approximate location of a postal code: from the country's table where it has one (null for malformed
 * codes and prefixes that name no place), else the country's centroid where we know it, else null.
 */
export function postalCentroid(country: string, postalCode: string): GeoPoint | null {
  const table = TABLES[country];
  if (!table) return postalCode.trim() ? (COUNTRY_CENTROIDS[country] ?? null) : null;
  const match = table.pattern.exec(postalCode.trim().toUpperCase());
  return match ? table.locate(match) : null;
}

/**
 * Why a postal code cannot be one of the country's, for countries whose format is checked (DE, GB, JP);
 * null when it fits or the country is not checked.
 */
export function postalCodeProblem(country: string, postalCode: string): string | null {
  const table = TABLES[country];
  if (!table?.strict || table.pattern.test(postalCode.trim().toUpperCase())) return null;
  return `is not a postal code of ${country} (${table.example}, say)`;
}
