import { haversineKm } from '../../src/algorithms/geo';
import { postalCentroid } from '../../src/algorithms/postal-centroids';
import { SEED_CUSTOMERS, SEED_WAREHOUSES } from '../../src/db/seeds/seed-data';

const seedPlace = (id: string) => {
  const customer = SEED_CUSTOMERS.find((c) => c.id === id);
  if (customer) return { lat: customer.home_lat!, lon: customer.home_lon! };
  const warehouse = SEED_WAREHOUSES.find((w) => w.id === id)!;
  return { lat: warehouse.lat, lon: warehouse.lon };
};

describe('postal code centroids', () => {
  test.each([
    ['10001', 'cus-alice'],
    ['60601', 'cus-bob'],
    ['90012', 'cus-carol'],
    ['07102', 'wh-newark'],
    ['60607', 'wh-chicago'],
    ['75201', 'wh-dallas'],
    ['89501', 'wh-reno'],
  ])('when a US ZIP code %s is given, then its centroid is within 60 km of %s', (zip, place) => {
    expect(haversineKm(postalCentroid('US', zip)!, seedPlace(place))).toBeLessThan(60);
  });

  test('when a ZIP+4 code is given, then it is placed like its five-digit ZIP', () => {
    expect(postalCentroid('US', '10118-0110')).toEqual(postalCentroid('US', '10118'));
    expect(postalCentroid('US', ' 10118 ')).toEqual(postalCentroid('US', '10118'));
  });

  test.each([
    ['US', 'z'],
    ['US', '1234'],
    ['US', '96201'],
    ['US', '00001'],
    ['DE', '10115'],
  ])('when the country is %s and the postal code %j, then no location is made up', (country, code) => {
    expect(postalCentroid(country, code)).toBeNull();
  });

  test('when every assigned US prefix is looked up, then each names a place in or near the 50 states', () => {
    for (let prefix = 5; prefix <= 999; prefix++) {
      const point = postalCentroid('US', `${String(prefix).padStart(3, '0')}00`);
      if (!point) continue;
      expect(point.lat).toBeGreaterThan(17);
      expect(point.lat).toBeLessThan(72);
      expect(point.lon).toBeGreaterThan(-170);
      expect(point.lon).toBeLessThan(-64);
    }
  });
});
