/** The demo shop: a small catalog in USD, four US warehouses, their stock and a few customers. */
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
  { id: 'wh-newark', name: 'Newark, NJ', lat: 40.7357, lon: -74.1724, handling_cost: 40, parcel_cost: 60 },
  { id: 'wh-chicago', name: 'Chicago, IL', lat: 41.8781, lon: -87.6298, handling_cost: 25, parcel_cost: 50 },
  { id: 'wh-dallas', name: 'Dallas, TX', lat: 32.7767, lon: -96.797, handling_cost: 10, parcel_cost: 45 },
  { id: 'wh-reno', name: 'Reno, NV', lat: 39.5296, lon: -119.8138, handling_cost: 5, parcel_cost: 55 },
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
];
