import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { KEY_BYTES, open, seal } from './aes-gcm';
import type { MasterKeyRing } from './master-keys';

/** The owner of the key for payloads that belong to no customer (schedules, reconciler, alerts). */
export const APP_KEY_OWNER = 'app';
/** The owner of a customer's data key. */
export const customerKeyOwner = (customerId: string) => `customer:${customerId}`;

/** A data key, unwrapped. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** A payload's key was destroyed by an erasure: what it protected can never be read again. */
export class DataKeyDestroyedError extends Error {
  override name = 'DataKeyDestroyedError';
}

/** The master key's associated data binds a wrapped key to its row, so rows cannot be swapped. */
const wrapContext = (id: string) => `data-key:${id}`;

interface KeyRow {
  id: string;
  owner: string;
  version: number;
  wrapped_key: Buffer | null;
  master_key_id: string | null;
  destroyed_at: Date | null;
}

function unwrap(row: KeyRow, ring: MasterKeyRing): DataKey {
  if (!row.wrapped_key || !row.master_key_id)
    throw new DataKeyDestroyedError(
      `payload key ${row.id} was destroyed (the customer's personal data was erased)`,
    );
  const master = ring.byId.get(row.master_key_id);
  if (!master)
    throw new Error(
      `payload key ${row.id} is wrapped by master key "${row.master_key_id}", which is not configured`,
    );
  return { id: row.id, key: open(master, row.wrapped_key, wrapContext(row.id)) };
}

/** Reads a data key by id; throws DataKeyDestroyedError after erasure, and a plain error when unknown. */
export async function readDataKey(db: Knex, ring: MasterKeyRing, id: string): Promise<DataKey> {
  const row = await db<KeyRow>('data_keys').where({ id }).first();
  if (!row) throw new Error(`unknown payload key ${id}`);
  return unwrap(row, ring);
}

/** Inserts `version` of an owner's key unless it exists (a concurrent add); the row when this one won. */
async function insertDataKey(
  db: Knex,
  ring: MasterKeyRing,
  owner: string,
  version: number,
): Promise<KeyRow | undefined> {
  const id = randomUUID();
  const [row] = await db<KeyRow>('data_keys')
    .insert({
      id,
      owner,
      version,
      wrapped_key: seal(ring.current.key, randomBytes(KEY_BYTES), wrapContext(id)),
      master_key_id: ring.current.id,
    })
    .onConflict(['owner', 'version'])
    .ignore()
    .returning('*');
  return row;
}

/** Adds the next version of an owner's key (the first when there is none); concurrent adds agree. */
export async function addDataKeyVersion(db: Knex, ring: MasterKeyRing, owner: string): Promise<void> {
  const latest = await db('data_keys').where({ owner }).max({ version: 'version' }).first();
  await insertDataKey(db, ring, owner, Number(latest?.version ?? 0) + 1);
}

/**
 * The owner's newest key that is not destroyed, created on first use. A new owner's first key is inserted
 * as version 1 straight away (every new customer's first order waits on this). If that version exists, a
 * concurrent first use made it (read it back) or every version was destroyed (add the next one).
 */
export async function currentDataKey(db: Knex, ring: MasterKeyRing, owner: string): Promise<DataKey> {
  const newest = () =>
    db<KeyRow>('data_keys').where({ owner }).whereNull('destroyed_at').orderBy('version', 'desc').first();
  const row =
    (await newest()) ??
    (await insertDataKey(db, ring, owner, 1)) ??
    (await newest()) ??
    (await addDataKeyVersion(db, ring, owner), await newest());
  if (!row) throw new Error(`no payload key for ${owner}`);
  return unwrap(row, ring);
}

/** Destroys the material of every version of an owner's key; returns the ids of the keys destroyed. */
export async function destroyDataKeys(db: Knex | Knex.Transaction, owner: string): Promise<string[]> {
  return db('data_keys')
    .where({ owner })
    .whereNull('destroyed_at')
    .update({ wrapped_key: null, master_key_id: null, destroyed_at: db.fn.now() })
    .returning('id')
    .then((rows: { id: string }[]) => rows.map((row) => row.id));
}

/**
 * Re-wraps data keys under the ring's current master key (after adding a new master key), so the old
 * one can be retired. Limited to `owners` when given. Returns how many keys were re-wrapped.
 */
export async function rewrapDataKeys(db: Knex, ring: MasterKeyRing, owners?: string[]): Promise<number> {
  const query = db('data_keys').whereNull('destroyed_at').whereNot('master_key_id', ring.current.id);
  const rows: KeyRow[] = await (owners ? query.whereIn('owner', owners) : query);
  for (const row of rows) {
    const { key } = unwrap(row, ring);
    await db('data_keys')
      .where({ id: row.id, master_key_id: row.master_key_id })
      .update({
        wrapped_key: seal(ring.current.key, key, wrapContext(row.id)),
        master_key_id: ring.current.id,
      });
  }
  return rows.length;
}
