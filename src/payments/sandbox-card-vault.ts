import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { CardReference } from '../domain/checkout';

/**
 * The sandbox provider's card vault, as real providers keep cards and hand out references. The order's card
 * is stored when the order is placed (a repeat of the placement finds the same reference); a card given for
 * a payment retry is stored under the retry's own id (`retryId`).
 */
export async function vaultCard(db: Knex, orderId: string, token: string, retryId?: string): Promise<string> {
  const name = retryId === undefined ? `vault:${orderId}` : `vault:${orderId}:retry:${retryId}`;
  const reference = `card_${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
  await db('sandbox_card_vault')
    .insert({ reference, order_id: orderId, token })
    .onConflict('reference')
    .ignore();
  return reference;
}

/** The token a card names, or null when the vault no longer holds it (erased, or never stored). */
export async function tokenOfCard(db: Knex, card: CardReference): Promise<string | null> {
  if ('token' in card) return card.token;
  const row = await db('sandbox_card_vault').where({ reference: card.vaultRef }).first('token');
  return row?.token ?? null;
}

/** Erases the cards of these orders (the rows stay, so references say the card was erased). */
export async function eraseCards(db: Knex | Knex.Transaction, orderIds: string[]): Promise<number> {
  return db('sandbox_card_vault')
    .whereIn('order_id', orderIds)
    .whereNotNull('token')
    .update({ token: null, erased_at: db.fn.now() });
}
