import { formatMoney } from '../../src/domain/money';
import type { DemoClient } from './demo-client';

/** One line per money movement: authorizations, captures, voids and refunds, as the API reports them. */
export async function printOrderReport(api: DemoClient, orderId: string, log: (line: string) => void) {
  const order = await api.order(orderId);
  const payment = await api.payment(orderId);
  const money = (minor: number) => formatMoney(minor, payment.amounts.currency);
  const { amounts } = payment;
  log(`order ${orderId}: ${order.status} (${payment.method ?? 'no'} payment, ${payment.state})`);
  log(
    `  due ${money(amounts.dueMinor)} · captured ${money(amounts.capturedMinor)} · voided ${money(amounts.voidedMinor)} · refunded ${money(amounts.refundedMinor)}`,
  );
  for (const attempt of payment.attempts)
    log(
      `  authorization #${attempt.attempt} ${attempt.method}: ${attempt.status}, ${money(attempt.amountMinor)}`,
    );
  for (const capture of payment.captures)
    log(`  capture ${capture.shipmentId}: ${money(capture.amountMinor)}`);
  for (const voided of payment.voids ?? []) log(`  void: released ${money(voided.amountMinor ?? 0)}`);
  for (const refund of order.refunds ?? [])
    log(`  refund ${refund.refundId}: ${money(refund.amountMinor)} ${refund.status}`);
}
