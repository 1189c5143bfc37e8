/**
 * Optimal versus nearest allocation on the seed data: seeded random orders shipped to US cities, filled
 * from the seeded warehouses and stock. Prints each strategy's total cost and the saving.
 */
import { allocate, type WarehouseStock } from '../src/algorithms/allocation';
import { mulberry32 } from '../src/algorithms/prng';
import { SEED_PRODUCTS, SEED_STOCK, SEED_WAREHOUSES } from '../src/db/seeds/seed-data';

const ORDERS = 2000;
const COST_PER_KM_PER_UNIT = 0.1; // the ALLOCATION_COST_PER_KM default

const CITIES = [
  { name: 'New York', lat: 40.71, lon: -74.01 },
  { name: 'Boston', lat: 42.36, lon: -71.06 },
  { name: 'Atlanta', lat: 33.75, lon: -84.39 },
  { name: 'Miami', lat: 25.76, lon: -80.19 },
  { name: 'Detroit', lat: 42.33, lon: -83.05 },
  { name: 'Minneapolis', lat: 44.98, lon: -93.27 },
  { name: 'Houston', lat: 29.76, lon: -95.37 },
  { name: 'Denver', lat: 39.74, lon: -104.99 },
  { name: 'Phoenix', lat: 33.45, lon: -112.07 },
  { name: 'Los Angeles', lat: 34.05, lon: -118.24 },
  { name: 'Seattle', lat: 47.61, lon: -122.33 },
  { name: 'Salt Lake City', lat: 40.76, lon: -111.89 },
];

const warehouses: WarehouseStock[] = SEED_WAREHOUSES.map((w) => ({
  warehouseId: w.id,
  location: { lat: w.lat, lon: w.lon },
  handlingCostPerUnit: w.handling_cost,
  available: Object.fromEntries(
    SEED_STOCK.filter(([id]) => id === w.id).map(([, sku, units]) => [sku, units]),
  ),
}));

const random = mulberry32(42);
const totals = { nearest: 0, optimal: 0, filled: 0, cheaper: 0, dearer: 0 };
for (let i = 0; i < ORDERS; i++) {
  const destination = CITIES[random.int(0, CITIES.length - 1)]!;
  const lineCount = random.int(1, 3);
  const lines = Array.from({ length: lineCount }, () => ({
    sku: SEED_PRODUCTS[random.int(0, SEED_PRODUCTS.length - 1)]!.sku,
    quantity: random.int(1, 4),
  }));
  const request = { destination, lines, warehouses, costModel: { costPerKmPerUnit: COST_PER_KM_PER_UNIT } };
  const nearest = allocate('nearest', request);
  const optimal = allocate('optimal', request);
  if (nearest.status !== 'allocated' || optimal.status !== 'allocated') continue;
  totals.nearest += nearest.cost;
  totals.optimal += optimal.cost;
  totals.filled += 1;
  if (optimal.cost < nearest.cost) totals.cheaper += 1;
  if (optimal.cost > nearest.cost) totals.dearer += 1;
}

const saving = totals.nearest - totals.optimal;
console.log(
  `Allocation on the seed data: ${totals.filled} of ${ORDERS} seeded random orders to ${CITIES.length} US cities`,
);
console.log('| strategy | total cost | mean cost per order |');
console.log('| --- | ---: | ---: |');
console.log(`| nearest | ${totals.nearest} | ${(totals.nearest / totals.filled).toFixed(1)} |`);
console.log(`| optimal | ${totals.optimal} | ${(totals.optimal / totals.filled).toFixed(1)} |`);
console.log(
  `Saving: ${saving} (${((100 * saving) / totals.nearest).toFixed(1)}%); optimal is cheaper on ${totals.cheaper} orders and dearer on ${totals.dearer}.`,
);
// Optimal must never cost more than nearest; a bench run that finds otherwise fails.
if (totals.dearer > 0) process.exit(1);
