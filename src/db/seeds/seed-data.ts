/**
 * The demo shop: a small catalog with base prices in USD and price lists in EUR, GBP and JPY, exchange rates,
 * warehouses and customers in the US, Germany, the UK and Japan, and their stock.
 */
export const SEED_PRODUCTS = [
  { sku: 'TSHIRT-BLK-M', name: 'T-shirt, black, M', price_minor: 1999, currency: 'USD' },
  { sku: 'HOODIE-GRY-L', name: 'Hoodie, grey, L', price_minor: 4999, currency: 'USD' },
  { sku: 'MUG-LOGO', name: 'Mug with logo', price_minor: 1299, currency: 'USD' },
  { sku: 'SNEAKER-42', name: 'Sneakers, size 42', price_minor: 8900, currency: 'USD' },
  { sku: 'BACKPACK-20L', name: 'Backpack, 20 L', price_minor: 6450, currency: 'USD' },
  { sku: 'LAPTOP-13', name: 'Laptop, 13 inch', price_minor: 129900, currency: 'USD' },
];

/** parcel_cost: the carrier's fixed rate per parcel from that warehouse, in the same cost units as handling. */
export const SEED_WAREHOUSES = [
  {
    id: 'wh-newark',
    name: 'Newark, NJ',
    country: 'US',
    lat: 40.7357,
    lon: -74.1724,
    handling_cost: 40,
    parcel_cost: 60,
  },
  {
    id: 'wh-chicago',
    name: 'Chicago, IL',
    country: 'US',
    lat: 41.8781,
    lon: -87.6298,
    handling_cost: 25,
    parcel_cost: 50,
  },
  {
    id: 'wh-dallas',
    name: 'Dallas, TX',
    country: 'US',
    lat: 32.7767,
    lon: -96.797,
    handling_cost: 10,
    parcel_cost: 45,
  },
  {
    id: 'wh-reno',
    name: 'Reno, NV',
    country: 'US',
    lat: 39.5296,
    lon: -119.8138,
    handling_cost: 5,
    parcel_cost: 55,
  },
  {
    id: 'wh-frankfurt',
    name: 'Frankfurt am Main',
    country: 'DE',
    lat: 50.1109,
    lon: 8.6821,
    handling_cost: 30,
    parcel_cost: 50,
  },
  {
    id: 'wh-london',
    name: 'London',
    country: 'GB',
    lat: 51.5074,
    lon: -0.1278,
    handling_cost: 35,
    parcel_cost: 55,
  },
  {
    id: 'wh-tokyo',
    name: 'Tokyo',
    country: 'JP',
    lat: 35.6762,
    lon: 139.6503,
    handling_cost: 30,
    parcel_cost: 50,
  },
];

/** [warehouse, sku, on hand] */
export const SEED_STOCK: ReadonlyArray<readonly [string, string, number]> = [
  ['wh-newark', 'TSHIRT-BLK-M', 40],
  ['wh-newark', 'MUG-LOGO', 25],
  ['wh-newark', 'SNEAKER-42', 6],
  ['wh-newark', 'LAPTOP-13', 3],
  ['wh-chicago', 'TSHIRT-BLK-M', 60],
  ['wh-chicago', 'HOODIE-GRY-L', 30],
  ['wh-chicago', 'BACKPACK-20L', 12],
  ['wh-chicago', 'LAPTOP-13', 5],
  ['wh-dallas', 'TSHIRT-BLK-M', 80],
  ['wh-dallas', 'HOODIE-GRY-L', 20],
  ['wh-dallas', 'MUG-LOGO', 50],
  ['wh-dallas', 'SNEAKER-42', 15],
  ['wh-reno', 'HOODIE-GRY-L', 45],
  ['wh-reno', 'MUG-LOGO', 100],
  ['wh-reno', 'BACKPACK-20L', 30],
  ['wh-reno', 'LAPTOP-13', 8],
  ['wh-frankfurt', 'TSHIRT-BLK-M', 30],
  ['wh-frankfurt', 'HOODIE-GRY-L', 15],
  ['wh-frankfurt', 'MUG-LOGO', 40],
  ['wh-frankfurt', 'SNEAKER-42', 8],
  ['wh-frankfurt', 'BACKPACK-20L', 10],
  ['wh-london', 'TSHIRT-BLK-M', 25],
  ['wh-london', 'HOODIE-GRY-L', 10],
  ['wh-london', 'MUG-LOGO', 30],
  ['wh-tokyo', 'TSHIRT-BLK-M', 20],
  ['wh-tokyo', 'MUG-LOGO', 20],
  ['wh-tokyo', 'LAPTOP-13', 4],
];

/**
 * Price lists: [sku, currency, price in minor units]. Every product has its USD (base) price; EUR, GBP and
 * JPY cover only part of the catalog, so the rest is converted from the base price at the seeded rate.
 */
export const SEED_PRICES: ReadonlyArray<readonly [string, string, number]> = [
  ...SEED_PRODUCTS.map((p) => [p.sku, p.currency, p.price_minor] as const),
  ['TSHIRT-BLK-M', 'EUR', 1899],
  ['HOODIE-GRY-L', 'EUR', 4599],
  ['MUG-LOGO', 'EUR', 1199],
  ['SNEAKER-42', 'EUR', 8499],
  ['BACKPACK-20L', 'EUR', 5999],
  ['TSHIRT-BLK-M', 'GBP', 1599],
  ['HOODIE-GRY-L', 'GBP', 3999],
  ['MUG-LOGO', 'GBP', 999],
  ['TSHIRT-BLK-M', 'JPY', 2980],
  ['HOODIE-GRY-L', 'JPY', 7480],
  ['LAPTOP-13', 'JPY', 198000],
];

/** When the seeded rates were taken (demo values; an admin sets current ones with PUT /v1/rates). */
export const SEED_RATES_AS_OF = '2026-11-01T00:00:00Z';

/**
 * Exchange rates: [from, to, units of `to` per unit of `from`]. One row per direction (the inverse of a
 * rate is its own row, never computed), 6 significant digits, from USD quotes of 0.92 EUR, 0.79 GBP,
 * 151.5 JPY and 0.3075 KWD.
 */
export const SEED_RATES: ReadonlyArray<readonly [string, string, string]> = [
  ['USD', 'EUR', '0.92'],
  ['USD', 'GBP', '0.79'],
  ['USD', 'JPY', '151.5'],
  ['USD', 'KWD', '0.3075'],
  ['EUR', 'USD', '1.08696'],
  ['EUR', 'GBP', '0.858696'],
  ['EUR', 'JPY', '164.674'],
  ['EUR', 'KWD', '0.334239'],
  ['GBP', 'USD', '1.26582'],
  ['GBP', 'EUR', '1.16456'],
  ['GBP', 'JPY', '191.772'],
  ['GBP', 'KWD', '0.389241'],
  ['JPY', 'USD', '0.00660066'],
  ['JPY', 'EUR', '0.00607261'],
  ['JPY', 'GBP', '0.00521452'],
  ['JPY', 'KWD', '0.0020297'],
  ['KWD', 'USD', '3.25203'],
  ['KWD', 'EUR', '2.99187'],
  ['KWD', 'GBP', '2.56911'],
  ['KWD', 'JPY', '492.683'],
];

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

export const SEED_CUSTOMERS = [
  {
    id: 'cus-alice',
    name: 'Alice Jones',
    email: 'alice@example.com',
    country: 'US',
    home_lat: 40.7128,
    home_lon: -74.006,
    created_at: daysAgo(900),
  },
  {
    id: 'cus-bob',
    name: 'Bob Smith',
    email: 'bob@example.com',
    country: 'US',
    home_lat: 41.8781,
    home_lon: -87.6298,
    created_at: daysAgo(400),
  },
  {
    id: 'cus-carol',
    name: 'Carol Diaz',
    email: 'carol@example.com',
    country: 'US',
    home_lat: 34.0522,
    home_lon: -118.2437,
    created_at: daysAgo(120),
  },
  {
    id: 'cus-dave',
    name: 'Dave New',
    email: 'dave@example.com',
    country: 'US',
    home_lat: null,
    home_lon: null,
    created_at: daysAgo(1),
  },
  {
    id: 'cus-hans',
    name: 'Hans Becker',
    email: 'hans@example.com',
    country: 'DE',
    home_lat: 52.52,
    home_lon: 13.405,
    created_at: daysAgo(700),
  },
  {
    id: 'cus-emma',
    name: 'Emma Clarke',
    email: 'emma@example.com',
    country: 'GB',
    home_lat: 53.4808,
    home_lon: -2.2426,
    created_at: daysAgo(600),
  },
  {
    id: 'cus-yuki',
    name: 'Yuki Tanaka',
    email: 'yuki@example.com',
    country: 'JP',
    home_lat: 34.6937,
    home_lon: 135.5023,
    created_at: daysAgo(500),
  },
];
