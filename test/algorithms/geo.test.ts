import { EARTH_RADIUS_KM, haversineKm } from '../../src/algorithms/geo';

describe('haversineKm', () => {
  it('when both points coincide, then the distance is zero', () => {
    expect(haversineKm({ lat: 52.52, lon: 13.405 }, { lat: 52.52, lon: 13.405 })).toBe(0);
  });

  it('when going from the equator to a pole, then the distance is a quarter of a great circle', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo(
      (Math.PI / 2) * EARTH_RADIUS_KM,
      9,
    );
  });

  it('when points are antipodal, then the distance is half a great circle rather than NaN', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 9);
  });

  it('when measuring Berlin to Paris, then it is about 878 km either way', () => {
    const berlin = { lat: 52.52, lon: 13.405 };
    const paris = { lat: 48.8566, lon: 2.3522 };
    expect(haversineKm(berlin, paris)).toBeCloseTo(877.5, 0);
    expect(haversineKm(paris, berlin)).toBe(haversineKm(berlin, paris));
  });
});
