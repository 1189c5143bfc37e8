import { parseBenchFlags } from '../../bench/checkout-flags';

describe('benchmark flags', () => {
  test('when the half-load flags are given, then the half run takes that rate and that many orders', () => {
    const flags = parseBenchFlags(['--scenarios', 'half', '--half-rate', '2.4', '--half-orders', '500']);
    expect(flags.halfRate).toBe(2.4);
    expect(flags.halfOrders).toBe(500);
    expect([...flags.scenarios]).toEqual(['half']);
  });

  test('when they are left out, then the run derives them from the steady run (undefined here)', () => {
    const flags = parseBenchFlags([]);
    expect(flags.halfRate).toBeUndefined();
    expect(flags.halfOrders).toBeUndefined();
  });

  test('when a half-load flag is not a positive number, then the error names it', () => {
    expect(() => parseBenchFlags(['--half-rate', '0'])).toThrow('--half-rate');
    expect(() => parseBenchFlags(['--half-rate', 'fast'])).toThrow('--half-rate');
    expect(() => parseBenchFlags(['--half-orders', '1.5'])).toThrow('--half-orders');
  });
});
