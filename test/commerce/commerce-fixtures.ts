import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Harness } from '../support/harness';
import { rawApi } from '../support/http';

/** A long-standing customer of its own in a country, living at `home` (so risk sees a usual address). */
export async function createCustomerIn(
  db: Knex,
  country: string,
  home: { lat: number; lon: number },
): Promise<string> {
  const id = `cus-${country.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  await db('customers').insert({
    id,
    name: 'Test Customer',
    email: `${id}@example.com`,
    country,
    home_lat: home.lat,
    home_lon: home.lon,
    created_at: new Date(Date.now() - 3 * 365 * 86_400_000),
  });
  return id;
}

export const BERLIN = { lat: 52.52, lon: 13.405 };
export const BERLIN_ADDRESS = {
  name: 'Hans Becker',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};

/** Calls the API as a customer (the token's subject is the customer id). */
export async function asCustomer(
  h: Harness,
  customerId: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return rawApi(h, method, path, body, { ...(await h.credentials.as('customer', customerId)), ...headers });
}

/** Calls the API as staff of a role. */
export async function asStaff(
  h: Harness,
  role: 'support' | 'admin',
  method: string,
  path: string,
  body?: unknown,
) {
  return rawApi(h, method, path, body, await h.credentials.as(role, `staff-${role}`));
}
