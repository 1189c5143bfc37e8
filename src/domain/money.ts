// Money is always integer minor units with its ISO 4217 currency beside it (`*_minor` + `currency`); never a float.

/** Sum of line totals in minor units; throws if any part is not a safe non-negative integer. */
export function sumMinor(parts: readonly number[]): number {
  let total = 0;
  for (const part of parts) {
    if (!Number.isSafeInteger(part) || part < 0)
      throw new RangeError(`not an amount in minor units: ${part}`);
    total += part;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('amount overflow');
  return total;
}
