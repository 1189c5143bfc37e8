import type { temporal } from '@temporalio/proto';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { OrderStatusKey } from '../../src/temporal/search-attributes';
import { FEATURE_BASELINE } from '../../workflows/features';
import { createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { historyWithStatus, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = {
  workflowTaskCompleted: 6,
  activityTaskScheduled: 10,
} as const;

/** The patch ids of the run's patch markers, in order. */
function patchIds(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => {
      const data = e.markerRecordedEventAttributes!.details!['patch-data']!.payloads![0]!.data!;
      return (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id;
    });
}

/** How many local activities the run ran (each leaves one marker). */
const localActivityMarkers = (events: HistoryEvent[]): number =>
  events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;

/** The OrderStatus values the run upserted, in order. */
function indexedStatuses(events: HistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const field =
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[OrderStatusKey.name];
    return field?.data ? [JSON.parse(Buffer.from(field.data).toString('utf8')) as string] : [];
  });
}

test('when a checkout starts on this code, then its history to shipped holds one patch marker, schedules reserve and risk together before any record, writes one record of its own, and indexes only the statuses it rests in', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 3 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
  await orderWithStatus(h, orderId, 'shipped');
  await historyWithStatus(h, orderId, 'shipped');
  const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
  const events = (await handle.fetchHistory()).events ?? [];

  // One marker for every feature (and so one TemporalChangeVersion upsert), not one per feature.
  expect(patchIds(events)).toEqual([FEATURE_BASELINE]);

  const scheduled = events.flatMap((e, index) =>
    e.eventType === EventType.activityTaskScheduled
      ? [{ index, name: e.activityTaskScheduledEventAttributes!.activityType!.name! }]
      : [],
  );
  const reserve = scheduled.find((s) => s.name === 'reserveStock')!;
  const risk = scheduled.find((s) => s.name === 'assessRisk')!;
  const between = events.slice(Math.min(reserve.index, risk.index), Math.max(reserve.index, risk.index));
  expect(between.some((e) => e.eventType === EventType.workflowTaskCompleted)).toBe(false);
  // The order and its first record ride on the reservation: nothing runs before it.
  expect(localActivityMarkers(events.slice(0, reserve.index))).toBe(0);
  // The records of `reserved` and `paid` ride on the next step; only `shipped` is written by itself.
  expect(localActivityMarkers(events)).toBe(1);
  expect(scheduled.map((s) => s.name).sort()).toEqual([
    'assessRisk',
    'authorizePayment',
    'createShipments',
    'reserveStock',
  ]);
  const timeline = await h.db('order_events').where({ order_id: orderId }).orderBy('seq');
  expect(timeline.map((e) => `${e.seq} ${e.step} ${e.status}`)).toEqual([
    '1 order pending',
    '2 reserve reserved',
    '3 payment paid',
    '4 ship shipped',
  ]);

  // The API indexed `pending` as it started the run; `reserved` and `paid` pass in a moment.
  expect(indexedStatuses(events)).toEqual(['shipped']);
});
