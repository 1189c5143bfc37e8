/** A shipping carrier. Label creation is idempotent by key, as with real carrier APIs. */
export interface Carrier {
  readonly name: string;
  createLabel(request: { idempotencyKey: string; fromWarehouseId: string; toCountry: string }): Promise<{
    trackingNumber: string;
  }>;
  /** Voids a label; refuses (returns false) once the parcel is moving. Idempotent. */
  cancelLabel(trackingNumber: string): Promise<boolean>;
}
