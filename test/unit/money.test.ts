import {
  allocateMinor,
  basisPointsOf,
  convertMinor,
  currencyExponent,
  formatMoney,
  isKnownCurrency,
  scaledDecimal,
  shareOf,
} from '../../src/domain/money';
import { amountDue } from '../../src/domain/payment-methods';

describe('money in minor units', () => {
  it('when formatting, then each currency keeps its ISO 4217 exponent', () => {
    expect(formatMoney(1999, 'USD')).toBe('19.99 USD');
    expect(formatMoney(1234, 'JPY')).toBe('1234 JPY');
    expect(formatMoney(1234, 'KWD')).toBe('1.234 KWD');
    expect(formatMoney(-150, 'EUR')).toBe('-1.50 EUR');
    expect([currencyExponent('JPY'), currencyExponent('GBP'), currencyExponent('KWD')]).toEqual([0, 2, 3]);
  });

  it('when a currency code is unknown, then it is refused rather than guessed', () => {
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('eur')).toBe(false);
    expect(() => formatMoney(100, 'XYZ')).toThrow(/unknown currency/);
  });

  it('when converting, then the result is rounded half to even at the target exponent', () => {
    // 19.99 USD at 152.345 = 3045.37655 JPY -> 3045
    expect(convertMinor(1999, 'USD', 'JPY', '152.345')).toBe(3045);
    // 1000 JPY at 0.0065 = 6.5 USD -> 650 cents, exactly
    expect(convertMinor(1000, 'JPY', 'USD', '0.0065')).toBe(650);
    // 0.25 USD at 0.5 = 0.125 EUR: a tie, to the even cent 0.12
    expect(convertMinor(25, 'USD', 'EUR', '0.5')).toBe(12);
    // 0.35 USD at 0.5 = 0.175 EUR: a tie, to the even cent 0.18
    expect(convertMinor(35, 'USD', 'EUR', '0.5')).toBe(18);
    expect(convertMinor(1234, 'USD', 'KWD', '0.3071')).toBe(3790);
    expect(convertMinor(777, 'EUR', 'EUR', '9')).toBe(777);
  });

  it('when a rate is not a plain decimal, then it is refused', () => {
    expect(scaledDecimal('152.345')).toEqual({ amount: 152345, scale: 3 });
    expect(() => scaledDecimal('1e3')).toThrow(RangeError);
    expect(() => scaledDecimal('-1.2')).toThrow(RangeError);
  });

  it('when taking basis points, then surcharges and discounts round per currency', () => {
    expect(basisPointsOf(1999, 150, 'USD')).toBe(30); // 29.985 cents -> 30
    expect(basisPointsOf(1000, -200, 'JPY')).toBe(-20);
    expect(basisPointsOf(999, 150, 'JPY')).toBe(15); // 14.985 -> 15
  });

  it('when a method is chosen, then the amount due adds its surcharge or discount to lines and shipping', () => {
    expect(amountDue({ currency: 'EUR', subtotalMinor: 5000, shippingMinor: 500, method: 'wallet' })).toEqual(
      {
        currency: 'EUR',
        subtotalMinor: 5000,
        shippingMinor: 500,
        methodFeeMinor: 82, // 1.5% of 55.00 = 0.825 -> 0.82 half-even
        amountDueMinor: 5582,
      },
    );
    expect(
      amountDue({ currency: 'JPY', subtotalMinor: 10000, shippingMinor: 0, method: 'bank_transfer' })
        .amountDueMinor,
    ).toBe(9800);
    expect(
      amountDue({ currency: 'USD', subtotalMinor: 100, shippingMinor: 0, method: 'card' }).methodFeeMinor,
    ).toBe(0);
  });

  test('when an amount is split across parcels by line value, then the shares sum to it exactly in every exponent', () => {
    for (const [amount, ratios, currency] of [
      [4001, [1000, 3001], 'USD'],
      [10001, [2500, 5000], 'USD'],
      [1001, [1, 1, 1], 'JPY'],
      [7, [1, 1], 'KWD'],
    ] as const) {
      const parts = allocateMinor(amount, ratios, currency);
      expect(parts).toHaveLength(ratios.length);
      expect(parts.reduce((sum, part) => sum + part, 0)).toBe(amount);
    }
    expect(allocateMinor(4001, [1000, 3001], 'USD')).toEqual([1000, 3001]);
    // Free lines only: an even split rather than a division by zero.
    expect(allocateMinor(10, [0, 0], 'USD')).toEqual([5, 5]);
  });
});

describe('shareOf', () => {
  test('when an amount is shared out by parts, then the shares add up to the amount exactly', () => {
    const amount = 1001;
    const cumulative = [0, 1, 2, 3].map((part) => shareOf(amount, part, 3, 'USD'));
    expect(cumulative).toEqual([0, 333, 668, 1001]);
    const parts = cumulative.slice(1).map((share, i) => share - cumulative[i]!);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
  });

  test('when a part is not within its whole, then it throws', () => {
    expect(() => shareOf(100, 4, 3, 'JPY')).toThrow(RangeError);
  });
});
