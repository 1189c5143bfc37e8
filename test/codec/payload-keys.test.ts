import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Payload, SerializationContext } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { ConfigError, loadConfig } from '../../src/config';
import { customerKeyOwner, rewrapDataKeys } from '../../src/codec/data-keys.repo';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA } from '../../src/codec/encryption-codec';
import { generateMasterKeyEntry, loadMasterKeys, parseMasterKeys } from '../../src/codec/master-keys';
import { registerOrderOwner } from '../../src/codec/order-owners.repo';
import { PayloadKeys } from '../../src/codec/payload-keys';
import { createDb } from '../../src/db/knex';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { createTestCustomer } from '../support/fixtures';
import { testEnv } from '../support/test-env';

const db = createDb(testEnv('databaseUrl'));
afterAll(() => db.destroy());

const codecOver = (ring: string) => new EncryptionCodec(new PayloadKeys({ db, ring: parseMasterKeys(ring) }));
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString();
const keyIdOf = (payload: Payload) => text(payload.metadata?.[KEY_ID_METADATA]);
const valueOf = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);

/** A customer of its own with one order, and the serialization context of that order's checkout. */
async function customerOrder(): Promise<{ customerId: string; context: SerializationContext }> {
  const customerId = await createTestCustomer(db);
  const orderId = randomUUID();
  expect(await registerOrderOwner(db, orderId, customerId)).toBe(true);
  return {
    customerId,
    context: { type: 'workflow', namespace: 'default', workflowId: checkoutWorkflowId(orderId) },
  };
}

describe('the payload codec', () => {
  const secret = { line1: '12 Secret Street', token: 'tok_visa' };

  test('when a payload is encoded, then it is AES-GCM ciphertext under a key id and decodes back to the same value', async () => {
    const codec = codecOver(testEnv('payloadMasterKeys'));
    const { context } = await customerOrder();
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(secret)], context);
    expect(text(encoded!.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(keyIdOf(encoded!)).toMatch(/^[0-9a-f-]{36}$/);
    expect(text(encoded!.data)).not.toContain('Secret');
    const [decoded] = await codecOver(testEnv('payloadMasterKeys')).decode([encoded!]);
    expect(valueOf(decoded!)).toEqual(secret);
  });

  test('when two customers and the app encode, then each payload names a different key', async () => {
    const codec = codecOver(testEnv('payloadMasterKeys'));
    const ids = await Promise.all(
      [(await customerOrder()).context, (await customerOrder()).context, undefined].map(async (context) =>
        keyIdOf((await codec.encode([defaultPayloadConverter.toPayload(secret)], context))[0]!),
      ),
    );
    expect(new Set(ids).size).toBe(3);
  });

  test('when a payload is plaintext (a history from before encryption), then decode passes it through unchanged', async () => {
    const plain = defaultPayloadConverter.toPayload(secret);
    expect(await codecOver(testEnv('payloadMasterKeys')).decode([plain])).toEqual([plain]);
  });

  test('when a payload is moved under another key id, then it does not decode', async () => {
    const codec = codecOver(testEnv('payloadMasterKeys'));
    const [mine] = await codec.encode(
      [defaultPayloadConverter.toPayload(secret)],
      (await customerOrder()).context,
    );
    const [theirs] = await codec.encode(
      [defaultPayloadConverter.toPayload(1)],
      (await customerOrder()).context,
    );
    const moved = {
      ...mine!,
      metadata: { ...mine!.metadata, [KEY_ID_METADATA]: theirs!.metadata![KEY_ID_METADATA]! },
    };
    await expect(codec.decode([moved])).rejects.toThrow();
  });

  test('when a checkout has no registered owner, then encoding refuses rather than falling back to the app key', async () => {
    const context: SerializationContext = {
      type: 'workflow',
      namespace: 'default',
      workflowId: checkoutWorkflowId(randomUUID()),
    };
    await expect(
      codecOver(testEnv('payloadMasterKeys')).encode([defaultPayloadConverter.toPayload(secret)], context),
    ).rejects.toThrow(/no known owner/);
  });
});

describe('key rotation', () => {
  test('when the data key and then the master key rotate, then payloads under the old ones still decode', async () => {
    const oldMaster = generateMasterKeyEntry();
    const newMaster = generateMasterKeyEntry();
    const keys = new PayloadKeys({ db, ring: parseMasterKeys(oldMaster) });
    const codec = new EncryptionCodec(keys);
    const { customerId, context } = await customerOrder();
    const [underV1] = await codec.encode([defaultPayloadConverter.toPayload('v1')], context);

    await keys.rotate(customerKeyOwner(customerId));
    const [underV2] = await codec.encode([defaultPayloadConverter.toPayload('v2')], context);
    expect(keyIdOf(underV2!)).not.toBe(keyIdOf(underV1!));
    const versions = await db('data_keys')
      .where({ owner: customerKeyOwner(customerId) })
      .pluck('version');
    expect(versions.sort()).toEqual([1, 2]);

    // A new master key goes first in the ring; the old one stays until every data key is re-wrapped.
    const both = codecOver(`${newMaster},${oldMaster}`);
    expect((await both.decode([underV1!, underV2!])).map(valueOf)).toEqual(['v1', 'v2']);
    expect(
      await rewrapDataKeys(db, parseMasterKeys(`${newMaster},${oldMaster}`), [customerKeyOwner(customerId)]),
    ).toBe(2);
    expect((await codecOver(newMaster).decode([underV1!, underV2!])).map(valueOf)).toEqual(['v1', 'v2']);
    await expect(codecOver(oldMaster).decode([underV1!])).rejects.toThrow(/not configured/);
  });
});

describe('master keys', () => {
  test('when no PAYLOAD_MASTER_KEYS is set, then a key file is generated once (owner-only) and every later or concurrent load reads it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codec-')), 'keys', 'master.json');
    const [first, concurrent] = await Promise.all([
      loadMasterKeys(undefined, file),
      loadMasterKeys(undefined, file),
    ]);
    const again = await loadMasterKeys(undefined, file);
    expect(concurrent.current.id).toBe(first.current.id);
    expect(again.current.id).toBe(first.current.id);
    expect(again.current.key.equals(first.current.key)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  test('when PAYLOAD_MASTER_KEYS is malformed, then the config is refused naming it, without echoing keys', () => {
    const load = () => loadConfig({ PAYLOAD_MASTER_KEYS: 'mk-1:not-a-key' }, '/tmp');
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PAYLOAD_MASTER_KEYS: entry 1 is not/);
    expect(() => load()).not.toThrow(/not-a-key/);
  });
});
