/** A WGS84 coordinate in decimal degrees. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG), the usual choice for haversine distances. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres between two points (haversine formula). */
export function haversineKm(from: GeoPoint, to: GeoPoint): number {
  const toRadians = Math.PI / 180;
  const dLat = (to.lat - from.lat) * toRadians;
  const dLon = (to.lon - from.lon) * toRadians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(from.lat * toRadians) * Math.cos(to.lat * toRadians) * Math.sin(dLon / 2) ** 2;
  // min() guards asin against h creeping past 1 by rounding for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Throws unless the point has finite latitude in [-90, 90] and longitude in [-180, 180]. */
export function requireGeoPoint(point: GeoPoint, name: string): void {
  const { lat, lon } = point;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new Error(`${name} must have lat in [-90, 90] and lon in [-180, 180], got (${lat}, ${lon})`);
  }
}
