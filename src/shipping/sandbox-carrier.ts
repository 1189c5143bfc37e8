import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { FaultInjector, SandboxOptions } from '../sandbox/fault-injector';
import { loggedFaultInjector } from '../sandbox/fault-log';
import type { Carrier, LabelRequest } from './carrier';

/** The sandbox carrier's transient failure: not a refusal, so Temporal retries the activity. */
export class CarrierUnavailableError extends Error {
  override name = 'CarrierUnavailableError';
}

/**
 * A sandbox carrier that issues tracking numbers (`SBX` + 12 digits) and keeps its labels in PostgreSQL.
 * Parcel movements arrive later through `POST /v1/webhooks/carrier`, as a real carrier's would. Each label
 * keeps the addressee as a carrier would print it (recipient name, lines, region, phone). With
 * `options.faults` it fails at random like a flaky carrier API, before a call or after it (reply lost);
 * labels are keyed by idempotency key and cancelling is idempotent, so retries are safe.
 */
export class SandboxCarrier implements Carrier {
  readonly name = 'sandbox-carrier';
  private readonly faults: FaultInjector;

  constructor(
    private readonly db: Knex,
    options: SandboxOptions = {},
  ) {
    this.faults = loggedFaultInjector(
      db,
      this.name,
      (message) => new CarrierUnavailableError(message),
      options,
    );
  }

  async createLabel(request: LabelRequest): Promise<{ trackingNumber: string }> {
    return this.faults.call('createLabel', request.idempotencyKey, () => this.createLabelOnce(request));
  }

  async cancelLabel(trackingNumber: string): Promise<boolean> {
    return this.faults.call('cancelLabel', trackingNumber, () => this.cancelLabelOnce(trackingNumber));
  }

  /** Issues the label for a key, or finds the one issued before: a repeat never makes a second parcel. */
  private async createLabelOnce(request: LabelRequest): Promise<{ trackingNumber: string }> {
    const digits = BigInt(
      `0x${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 15)}`,
    )
      .toString()
      .padStart(12, '0')
      .slice(-12);
    const trackingNumber = `SBX${digits}`;
    await this.db('sandbox_carrier_labels')
      .insert({
        idempotency_key: request.idempotencyKey,
        tracking_number: trackingNumber,
        status: 'created',
        direction: request.direction,
        warehouse_id: request.warehouseId,
        customer_address: JSON.stringify(request.customer),
      })
      .onConflict('idempotency_key')
      .ignore();
    const label = await this.db('sandbox_carrier_labels')
      .where({ idempotency_key: request.idempotencyKey })
      .first();
    return { trackingNumber: label.tracking_number };
  }

  private async cancelLabelOnce(trackingNumber: string): Promise<boolean> {
    const shipment = await this.db('shipments').where({ tracking_number: trackingNumber }).first('status');
    if (shipment && shipment.status !== 'label_created' && shipment.status !== 'cancelled') return false;
    await this.db('sandbox_carrier_labels')
      .where({ tracking_number: trackingNumber })
      .update({ status: 'cancelled' });
    return true;
  }
}
