import type { Payload } from '@temporalio/common';
import { z } from 'zod';

// Protobuf's JSON form writes bytes as base64; some encoders use the URL-safe alphabet, which Buffer reads too.
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { message: 'must be base64' });

/** `{ payloads: [...] }`: Temporal's Payloads message in protobuf JSON, as the remote codec protocol sends it. */
export const payloadsJson = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).optional(),
      data: base64.optional(),
    }),
  ),
});

export type PayloadsJson = z.infer<typeof payloadsJson>;
type PayloadJson = PayloadsJson['payloads'][number];

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export function payloadFromJson(json: PayloadJson): Payload {
  const metadata = Object.fromEntries(
    Object.entries(json.metadata ?? {}).map(([key, value]) => [key, fromBase64(value)]),
  );
  return { metadata, data: fromBase64(json.data ?? '') };
}

export function payloadToJson(payload: Payload): PayloadJson {
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, toBase64(value ?? new Uint8Array())]),
  );
  return { metadata, data: toBase64(payload.data ?? new Uint8Array()) };
}
