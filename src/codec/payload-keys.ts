import type { Knex } from 'knex';
import { PromiseCache } from './promise-cache';
import { orderIdOfWorkflowId } from '../temporal/workflow-ids';
import {
  addDataKeyVersion,
  APP_KEY_OWNER,
  currentDataKey,
  customerKeyOwner,
  destroyDataKeys,
  readDataKey,
  type DataKey,
} from './data-keys.repo';
import type { MasterKeyRing } from './master-keys';
import { ownerOfOrder } from './order-owners.repo';

export interface PayloadKeysOptions {
  db: Knex;
  ring: MasterKeyRing;
  /**
   * How long a process keeps an unwrapped key. An erasure forgets the key at once in the process that
   * made it; other processes (a worker, a codec server) forget it within this time.
   */
  cacheTtlMs?: number;
}

/** One minute: short enough for erasure to reach every process soon, long enough to keep reads rare. */
const DEFAULT_TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

/**
 * The data keys the codec uses, cached in memory so that the hot path (≈150 payloads per checkout) reads
 * the database once per customer and minute. Payloads of `checkout-<orderId>` use the key of the order's
 * customer; every other payload uses the app key.
 */
export class PayloadKeys {
  private readonly byId: PromiseCache<DataKey>;
  private readonly currentByOwner: PromiseCache<DataKey>;
  /** An order's customer never changes, so it is kept until the cache fills. */
  private readonly ownerByOrder = new PromiseCache<string>({ maxEntries: MAX_ENTRIES });

  constructor(private readonly options: PayloadKeysOptions) {
    const ttlMs = options.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.byId = new PromiseCache({ ttlMs, maxEntries: MAX_ENTRIES });
    this.currentByOwner = new PromiseCache({ ttlMs, maxEntries: MAX_ENTRIES });
  }

  /** The key to encrypt a payload owned by this workflow (none: the app key). */
  async forWorkflow(workflowId: string | undefined): Promise<DataKey> {
    const orderId = workflowId === undefined ? null : orderIdOfWorkflowId(workflowId);
    return this.current(orderId ? customerKeyOwner(await this.customerOf(orderId)) : APP_KEY_OWNER);
  }

  /**
   * Reads (or, for a new customer, creates) the customer's current key ahead of their run's start, beside
   * the order's other writes, so that encrypting the run's input waits for nothing.
   */
  async prepareCustomer(customerId: string): Promise<void> {
    await this.current(customerKeyOwner(customerId));
  }

  private current(owner: string): Promise<DataKey> {
    return this.currentByOwner.get(owner, () => currentDataKey(this.options.db, this.options.ring, owner));
  }

  /**
   * Tells the cache an order's owner, just registered by this process, so that encrypting its run's input
   * does not read back the row it wrote (one round trip less on every checkout).
   */
  knowOwner(orderId: string, customerId: string): void {
    void this.ownerByOrder.get(orderId, () => Promise.resolve(customerId));
  }

  /** The key a payload names in its metadata. */
  byKeyId(id: string): Promise<DataKey> {
    return this.byId.get(id, () => readDataKey(this.options.db, this.options.ring, id));
  }

  /** Starts a new version of an owner's key: new payloads use it, older ones keep decoding. */
  async rotate(owner: string): Promise<void> {
    await addDataKeyVersion(this.options.db, this.options.ring, owner);
    this.currentByOwner.delete(owner);
  }

  /** Destroys a customer's keys (crypto-shredding) in `db`'s transaction; returns their ids for `forget`. */
  destroyCustomerKeys(db: Knex | Knex.Transaction, customerId: string): Promise<string[]> {
    return destroyDataKeys(db, customerKeyOwner(customerId));
  }

  /** Forgets a customer's cached keys in this process (after their destruction has committed). */
  forget(customerId: string, keyIds: string[]): void {
    this.currentByOwner.delete(customerKeyOwner(customerId));
    for (const id of keyIds) this.byId.delete(id);
  }

  private customerOf(orderId: string): Promise<string> {
    return this.ownerByOrder.get(orderId, async () => {
      const customerId = await ownerOfOrder(this.options.db, orderId);
      // Fail closed: a checkout whose owner is unknown must not fall back to a key erasure cannot reach.
      if (!customerId)
        throw new Error(`order ${orderId} has no known owner; register it before starting its run`);
      return customerId;
    });
  }
}
