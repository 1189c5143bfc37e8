import type { ShippingAddress } from '../domain/checkout';

/** What a carrier needs to print a label: the customer's address and the warehouse at the other end. */
export interface LabelRequest {
  idempotencyKey: string;
  /** Outbound parcels go from the warehouse to the customer; returns the other way. */
  direction: 'outbound' | 'return';
  warehouseId: string;
  customer: ShippingAddress;
}

/** A shipping carrier. Label creation is idempotent by key, as with real carrier APIs. */
export interface Carrier {
  readonly name: string;
  createLabel(request: LabelRequest): Promise<{ trackingNumber: string }>;
  /** Voids a label; refuses (returns false) once the parcel is moving. Idempotent. */
  cancelLabel(trackingNumber: string): Promise<boolean>;
}
