import type { Payload, PayloadCodec } from '@temporalio/common';
import { ENCRYPTED_ENCODING } from './encryption-codec';

/** A payload as history JSON holds it (`temporal workflow show --output json`, the UI's download). */
interface JsonPayload {
  metadata: Record<string, string>;
  data?: string;
}

const ENCRYPTED_BASE64 = Buffer.from(ENCRYPTED_ENCODING).toString('base64');

const isEncrypted = (node: unknown): node is JsonPayload =>
  typeof node === 'object' &&
  node !== null &&
  (node as Partial<JsonPayload>).metadata?.encoding === ENCRYPTED_BASE64;

async function decodeOne(payload: JsonPayload, codec: PayloadCodec): Promise<JsonPayload> {
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  );
  const [plain] = await codec.decode([{ metadata, data: Buffer.from(payload.data ?? '', 'base64') }]);
  const { metadata: plainMetadata, data } = plain as Payload;
  return {
    metadata: Object.fromEntries(
      Object.entries(plainMetadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    ...(data ? { data: Buffer.from(data).toString('base64') } : {}),
  };
}

/**
 * A copy of a history in JSON form with every encrypted payload decoded: for replay fixtures recorded in a
 * run whose keys do not outlive it, and for staff tools that read a downloaded history.
 */
export async function decodeHistoryJson<T>(history: T, codec: PayloadCodec): Promise<T> {
  const walk = async (node: unknown): Promise<unknown> => {
    if (isEncrypted(node)) return decodeOne(node, codec);
    if (Array.isArray(node)) return Promise.all(node.map(walk));
    if (typeof node !== 'object' || node === null) return node;
    const entries = await Promise.all(
      Object.entries(node).map(async ([key, value]) => [key, await walk(value)]),
    );
    return Object.fromEntries(entries);
  };
  return (await walk(history)) as T;
}
