import { amountForLines, linesAfter, parcelValueMinor, releasesFor } from '../../src/domain/order-change';

const pick = (warehouseId: string, sku: string, quantity: number, unitCost: number) => ({
  warehouseId,
  sku,
  quantity,
  unitCost,
  distanceKm: 0,
});

test('when a quantity is lowered, then the costliest picks give back first and the rest stay', () => {
  const picks = [pick('wh-newark', 'A', 2, 1), pick('wh-dallas', 'A', 2, 5), pick('wh-dallas', 'B', 1, 5)];
  const { releases, picks: kept } = releasesFor(picks, [
    { sku: 'A', quantity: 1 },
    { sku: 'B', quantity: 1 },
  ]);
  expect(releases).toEqual([
    { warehouseId: 'wh-dallas', sku: 'A', quantity: 2 },
    { warehouseId: 'wh-newark', sku: 'A', quantity: 1 },
  ]);
  expect(kept).toEqual([pick('wh-newark', 'A', 1, 1), pick('wh-dallas', 'B', 1, 5)]);
});

test('when a line is removed, then all of its units are released', () => {
  const picks = [pick('wh-reno', 'A', 3, 2), pick('wh-reno', 'B', 1, 2)];
  expect(releasesFor(picks, [{ sku: 'B', quantity: 1 }]).releases).toEqual([
    { warehouseId: 'wh-reno', sku: 'A', quantity: 3 },
  ]);
});

test("when the method has a fee, then the amount due carries it, rounded in the currency's exponent", () => {
  const lines = [{ sku: 'A', quantity: 3, unitPriceMinor: 333 }];
  expect(amountForLines(lines, { currency: 'USD', method: 'card' })).toBe(999);
  // 1.5% of 999 cents is 14.985, rounded to 15; of 101 yen, 1.515, rounded to 2 (JPY has no minor unit).
  expect(amountForLines(lines, { currency: 'USD', method: 'wallet' })).toBe(1014);
  expect(amountForLines([{ quantity: 1, unitPriceMinor: 101 }], { currency: 'JPY', method: 'wallet' })).toBe(
    103,
  );
  expect(amountForLines([], { currency: 'USD', method: 'wallet' })).toBe(0);
});

test("when a parcel's units are valued, then they are their lines' share of the amount due", () => {
  const lines = [
    { sku: 'A', quantity: 2, unitPriceMinor: 1000 },
    { sku: 'B', quantity: 1, unitPriceMinor: 500 },
  ];
  expect(linesAfter(lines, 'A', 0)).toEqual([lines[1]]);
  expect(parcelValueMinor(lines, [{ sku: 'A', quantity: 1 }], { currency: 'USD', method: 'card' })).toBe(
    1000,
  );
  // With a 2% discount: 2500 → 2450, 1500 → 1470; the parcel is worth the difference.
  expect(
    parcelValueMinor(lines, [{ sku: 'A', quantity: 1 }], { currency: 'USD', method: 'bank_transfer' }),
  ).toBe(980);
});
