import { haversineKm } from '../../src/algorithms/geo';
import { postalCentroid, postalCodeProblem } from '../../src/algorithms/postal-centroids';
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
    ['DE', '1011'],
    ['GB', '12345'],
    ['JP', '5300'],
    ['FR', ' '],
  ])('when the country is %s and the postal code %j, then no location is made up', (country, code) => {
    expect(postalCentroid(country, code)).toBeNull();
  });

  test.each([
    ['DE', '10117', 'cus-hans', 150],
    ['DE', '60311', 'wh-frankfurt', 60],
    ['GB', 'M1 1AE', 'cus-emma', 60],
    ['GB', 'SW1A 1AA', 'wh-london', 60],
    ['JP', '530-0001', 'cus-yuki', 60],
    ['JP', '1000001', 'wh-tokyo', 60],
  ])(
    'when a %s postal code %s is given, then its centroid is near %s (within %s km)',
    (country, code, place, km) => {
      expect(haversineKm(postalCentroid(country, code)!, seedPlace(place))).toBeLessThan(Number(km));
    },
  );

  test('when a British area or a country has no row of its own, then the country centroid places it', () => {
    const gb = postalCentroid('GB', 'ZE1 0AA')!;
    expect(gb).toEqual({ lat: 54.0, lon: -2.0 });
    expect(haversineKm(postalCentroid('FR', '75001')!, { lat: 48.86, lon: 2.35 })).toBeLessThan(400);
    expect(postalCentroid('ZZ', '12345')).toBeNull();
  });

  test('when a postal code does not fit a checked country, then it is named as a problem; US codes are not checked', () => {
    expect(postalCodeProblem('DE', '1011')).toMatch(/not a postal code of DE/);
    expect(postalCodeProblem('GB', 'SW1A1AA')).toBeNull();
    expect(postalCodeProblem('JP', '530-001')).toMatch(/100-0001/);
    expect(postalCodeProblem('US', 'z')).toBeNull();
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
