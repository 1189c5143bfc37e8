import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readOrCreateSecretFile } from '../auth/secret-file';
import { KEY_BYTES } from './aes-gcm';

/** Master keys wrap data keys. The first is current (wraps new keys); the others still unwrap old ones. */
export interface MasterKeyRing {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

const ENTRY = /^([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9+/]{43}=)$/;

/**
 * Parses `id:base64key` entries separated by commas or new lines, current first (the PAYLOAD_MASTER_KEYS
 * format, also the key file's). Throws a message naming what is wrong, never echoing key material.
 */
export function parseMasterKeys(text: string): MasterKeyRing {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  if (entries.length === 0) throw new Error('no master key given');
  const byId = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const match = ENTRY.exec(entry);
    if (!match) throw new Error(`entry ${index + 1} is not "<id>:<32 bytes in base64>"`);
    if (byId.has(match[1]!)) throw new Error(`master key id "${match[1]}" appears twice`);
    byId.set(match[1]!, Buffer.from(match[2]!, 'base64'));
  });
  const [id, key] = [...byId][0]!;
  return { current: { id, key }, byId };
}

/** A new master key entry, `mk-<date>-<random>:<base64>`. */
export function generateMasterKeyEntry(now = new Date()): string {
  const id = `mk-${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * The ring from `configured` (PAYLOAD_MASTER_KEYS) when set, else from the key file under the data folder,
 * generated (owner-only) on first use; processes starting at once agree on one key.
 */
export async function loadMasterKeys(
  configured: string | undefined,
  keyFile: string,
): Promise<MasterKeyRing> {
  if (configured) return parseMasterKeys(configured);
  const { masterKeys } = await readOrCreateSecretFile(keyFile, async () => ({
    masterKeys: generateMasterKeyEntry(),
  }));
  return parseMasterKeys(masterKeys);
}

/** Where the generated key file lives under the data folder. */
export const masterKeyFile = (dataDir: string) => path.join(dataDir, 'keys', 'payload-master-keys.json');
