import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { open, seal } from './aes-gcm';
import type { PayloadKeys } from './payload-keys';

/** The encoding of an encrypted payload; anything else passes through decode as it is. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata entry naming the data key (one version of a customer's key, or of the app key). */
export const KEY_ID_METADATA = 'encryption-key-id';

const ProtoPayload = temporal.api.common.v1.Payload;
const text = (value: string) => new TextEncoder().encode(value);
const read = (bytes: Uint8Array | null | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

/**
 * Encrypts whole payloads (metadata and data) with AES-256-GCM under the key of the payload's owner: the
 * customer for a checkout's payloads, the app otherwise. The key id travels in the metadata, so decoding
 * needs no context and keys can rotate. Plaintext payloads (histories from before encryption) decode as
 * they are, so old histories still replay.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (payloads.length === 0) return payloads;
    const { id, key } = await this.keys.forWorkflow(context?.workflowId);
    return payloads.map((payload) => ({
      metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(id) },
      data: seal(key, ProtoPayload.encode(payload).finish(), id),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        if (read(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
        const id = read(payload.metadata?.[KEY_ID_METADATA]);
        if (!id || !payload.data) throw new Error('an encrypted payload without its key id or data');
        const { key } = await this.keys.byKeyId(id);
        return ProtoPayload.decode(open(key, payload.data, id)) as Payload;
      }),
    );
  }
}
