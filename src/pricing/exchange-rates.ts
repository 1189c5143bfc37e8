import type { Knex } from 'knex';
import type { RateUsed } from '../domain/checkout';

/** A rate as PostgreSQL's numeric returns it ("0.920000000000"), without the padding zeros. */
export const normalizeRate = (value: string | number): string => {
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

const rateOf = (row: { from_currency: string; to_currency: string; rate: string; as_of: Date | string }) => ({
  from: row.from_currency,
  to: row.to_currency,
  rate: normalizeRate(row.rate),
  asOf: new Date(row.as_of).toISOString(),
});

/** Every rate into `to` from one of `from`, keyed by the source currency. Identity rates are not listed. */
export async function ratesInto(
  db: Knex,
  from: readonly string[],
  to: string,
): Promise<Map<string, RateUsed>> {
  const rows = await db('exchange_rates')
    .whereIn('from_currency', [...new Set(from)])
    .andWhere({ to_currency: to });
  return new Map(rows.map((row) => [row.from_currency as string, rateOf(row)]));
}

/** The rate from one currency to another: "1" for the same currency, null when the table has none. */
export async function findRate(db: Knex, from: string, to: string): Promise<RateUsed | null> {
  if (from === to) return { from, to, rate: '1', asOf: new Date().toISOString() };
  return (await ratesInto(db, [from], to)).get(from) ?? null;
}

/** Every rate, for GET /v1/rates. */
export async function listRates(db: Knex): Promise<RateUsed[]> {
  return (await db('exchange_rates').orderBy(['from_currency', 'to_currency'])).map(rateOf);
}

/** Sets a rate (admin), returning the one it replaced; orders keep the rate they were placed with. */
export async function setRate(
  trx: Knex.Transaction,
  rate: Omit<RateUsed, 'asOf'> & { asOf: string },
): Promise<{ before: RateUsed | null; after: RateUsed }> {
  const before = await trx('exchange_rates')
    .where({ from_currency: rate.from, to_currency: rate.to })
    .forUpdate()
    .first();
  const [saved] = await trx('exchange_rates')
    .insert({ from_currency: rate.from, to_currency: rate.to, rate: rate.rate, as_of: rate.asOf })
    .onConflict(['from_currency', 'to_currency'])
    .merge()
    .returning('*');
  return { before: before ? rateOf(before) : null, after: rateOf(saved) };
}
