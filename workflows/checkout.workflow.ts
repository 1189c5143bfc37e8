import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  cardOf,
  cardReferenceOf,
  type CardPayment,
  type CheckoutInput,
  type CheckoutState,
} from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { settleInOrder } from '../src/domain/settle-in-order';
import { OrderStatus } from '../src/domain/order-status';
import { CustomerIdKey, OrderIdKey, OrderStatusKey } from '../src/temporal/search-attributes';
import { run, runRecord, useLocalRecords } from './checkout.activities';
import { afterDelivery } from './checkout.after-delivery';
import { compensate } from './checkout.compensate';
import { awaitDelivery } from './checkout.delivery';
import { registerHandlers, type Inbox } from './checkout.handlers';
import { createRecorder } from './checkout.recorder';
import {
  acceptChanges,
  describeFailure,
  endsAsCancelled,
  formatMoney,
  initialState,
  isDispatched,
  refundableMinor,
} from './checkout.state';
import { keepAuthorizationAlive, planCaptures, voidAuthorizations } from './checkout.capture';
import { securePayment } from './checkout.payment';
import { Compensations } from './compensations';
import { refundAll, runReturn } from './checkout.return';
import { feature } from './features';

/**
 * The checkout saga for one order: reserve, assess risk, charge, ship, await delivery and receipt, then keep
 * a return window open for refunds. Business failures undo the steps taken, newest first.
 */
export async function checkout(input: CheckoutInput): Promise<CheckoutState> {
  // A run continued as new picks up where the previous one stopped (see afterDelivery).
  const { resume } = input;
  const state = resume?.state ?? initialState(input);
  const { orderId } = input;
  const localRecords = useLocalRecords();
  const lean = feature('lean-status-index');
  // Asked once, as the run starts: a run writes its records one way throughout.
  const carrying = feature('records-ride-on-steps');
  const record = createRecorder(state, resume?.seq, { local: localRecords, lean, carrying });
  // Patched: runs from here on take order changes before dispatch (see checkout.changes.ts), and their
  // steps take the step lock so a change never runs beside one. Decided once, as the run starts.
  const changes = !resume && feature('order-changes');
  if (changes) acceptChanges(state, input);

  // A carrying run's steps follow one another without a write that yields between them: the lock must be
  // fair, or a change waiting for a step would wait for them all.
  const inbox: Inbox = registerHandlers(state, input, record, { fairLock: carrying });
  if (resume) return afterDelivery({ state, input, record, inbox }, resume);
  // The API starts every run with these set; a lean run writes them only for a starter that did not.
  if (!lean || workflowInfo().typedSearchAttributes.get(OrderIdKey) === undefined)
    upsertSearchAttributes([
      { key: OrderIdKey, value: orderId },
      { key: CustomerIdKey, value: input.customerId },
      { key: OrderStatusKey, value: state.status },
    ]);

  // A carrying run's first step writes the order and this record (the API has usually written the order).
  if (carrying) record.carryOrder(input);
  else await runRecord(localRecords, 'recordOrder', `Record order ${orderId}`, input);
  await record.carry(
    'order',
    'received',
    OrderStatus.pending,
    `${input.lines.length} line(s), ${formatMoney(input.totalMinor, input.currency)}`,
  );

  const saga = new Compensations();
  const throwIfCancelled = () => {
    if (state.cancellation)
      throw ApplicationFailure.nonRetryable(state.cancellation.reason, FailureType.Cancelled);
  };
  // A step under the lock stores its result before letting a change in; older runs call it as before.
  const exclusive = <T>(step: () => Promise<T>, store: (result: T) => void): Promise<T> =>
    changes
      ? inbox.lock.run(async () => {
          throwIfCancelled();
          const result = await step();
          store(result);
          return result;
        })
      : step();
  const address = () => state.shippingAddress ?? input.shippingAddress;
  const lines = () => state.lines ?? input.lines;
  try {
    saga.add('release stock', () => run('releaseStock', 'Release reserved stock', { orderId }));
    const reserve = () =>
      record.carriedBy((attach) =>
        run(
          'reserveStock',
          `Reserve stock (${input.allocationStrategy})`,
          attach({ orderId, strategy: input.allocationStrategy, shippingAddress: address(), lines: lines() }),
        ),
      );
    const assess = () =>
      run('assessRisk', 'Assess payment risk', {
        orderId,
        customerId: input.customerId,
        amountMinor: state.amountDueMinor ?? state.totalMinor,
        currency: input.currency,
        shippingAddress: address(),
        lines: lines(),
        // Arguments only (the command is the same): a vault reference for new orders, the token for old;
        // none for a wallet or a bank transfer.
        card: cardOf(input.payment),
      });
    if (feature('risk-beside-reservation')) {
      // Risk reads neither the reservation nor the warehouse, so both run at once: one wait on the server
      // instead of two. A rejected order's stock is released by the compensation registered above.
      await exclusive(
        () => settleInOrder([reserve(), assess()] as const),
        ([allocation, risk]) => {
          state.allocation = allocation;
          state.risk = risk;
        },
      );
      await record.carry('reserve', 'completed', OrderStatus.reserved, `cost ${state.allocation!.cost}`);
    } else {
      const allocation = await exclusive(reserve, (result) => (state.allocation = result));
      if (!changes) state.allocation = allocation;
      await record('reserve', 'completed', OrderStatus.reserved, `cost ${allocation.cost}`);
      throwIfCancelled();
      const assessed = await exclusive(assess, (result) => (state.risk = result));
      if (!changes) state.risk = assessed;
    }
    // A new address may have been assessed since (checkout.changes.ts): its verdict counts.
    const risk = state.risk!;
    if (risk.decision === 'review') {
      await record('risk', 'waiting', OrderStatus.inReview, risk.reasons.slice(0, 3).join('; '));
      const decided = await condition(
        () => inbox.review !== null || state.cancellation !== null,
        input.timeouts.reviewTimeoutMs,
        { summary: 'Wait for a support review decision' },
      );
      throwIfCancelled();
      const verdict = decided
        ? inbox.review!
        : { decision: 'reject' as const, reviewer: 'timeout', note: 'review timed out' };
      risk.reasons = [
        `review by ${verdict.reviewer}: ${verdict.decision}${verdict.note ? ` (${verdict.note})` : ''}`,
        ...risk.reasons,
      ];
      risk.decision = verdict.decision;
    }
    if (risk.decision === 'reject')
      throw ApplicationFailure.nonRetryable(risk.reasons.join('; '), FailureType.RiskRejected);
    throwIfCancelled();

    if (feature('authorize-then-capture')) {
      // Authorize now, capture per parcel as each is handed over. Registered before authorizing: an
      // authorization can succeed while its reply is lost. Nothing captured yet means nothing to refund.
      state.paymentDetails = { attempts: [], requiredAction: null, shares: {}, captured: {}, voidedMinor: 0 };
      saga.add('void or refund payment', async () => {
        state.paymentDetails!.voidedMinor += await voidAuthorizations(
          state,
          'Void the payment authorization',
        );
        if (refundableMinor(state) > 0)
          await refundAll(
            state,
            state.cancellation?.refundId ?? `${orderId}:compensation`,
            'saga compensation',
          );
      });
      // Under the step lock: a change waits for the authorization (and is refused while the customer must
      // act), so the amount authorized is the total as it stands.
      await exclusive(
        () => securePayment({ state, input, record, inbox, throwIfCancelled }),
        () => undefined,
      );
      await record.carry('payment', 'completed', OrderStatus.paid, `authorized ${state.payment!.reference}`);
    } else {
      // Registered before charging: a charge can succeed while its reply is lost.
      saga.add('refund payment', () =>
        refundAll(state, state.cancellation?.refundId ?? `${orderId}:compensation`, 'saga compensation'),
      );
      // The total as it stands: a change before the charge lowers it (settleLoweredAmount).
      const payment = await exclusive(
        () =>
          run('capturePayment', `Charge ${formatMoney(state.totalMinor, input.currency)}`, {
            orderId,
            ...cardReferenceOf(input.payment as CardPayment),
            amountMinor: state.totalMinor,
            currency: input.currency,
          }),
        (result) => {
          state.payment = result;
          state.capturedMinor = result.amountMinor;
        },
      );
      state.payment = payment;
      state.capturedMinor = payment.amountMinor;
      await record('charge', 'completed', OrderStatus.paid, payment.reference);
    }
    throwIfCancelled();

    saga.add('cancel shipments', () => run('cancelShipments', 'Cancel shipments', { orderId }));
    const revision = state.stockRevision;
    const shipments = await exclusive(
      () =>
        record.carriedBy((attach) =>
          run(
            'createShipments',
            'Create shipments',
            attach({ orderId, country: address().country, ...(revision ? { revision } : {}) }),
          ),
        ),
      (result) => {
        state.shipments = result.map((s) => (revision ? { ...s, revision } : s));
        if (state.paymentDetails) planCaptures(state, input);
      },
    );
    if (!changes) state.shipments = shipments;
    if (state.paymentDetails) {
      if (!changes) planCaptures(state, input);
      keepAuthorizationAlive(state, record, inbox);
    }
    inbox.applyPendingCarrierEvents();
    await record(
      'ship',
      'completed',
      OrderStatus.shipped,
      state.shipments.map((s) => s.trackingNumber).join(', '),
    );

    await awaitDelivery(state, input, record);
    if (state.cancellation && !isDispatched(state)) throwIfCancelled();
  } catch (error) {
    if (isCancellation(error)) {
      // Patched: the run was cancelled (from the Temporal UI, say). Undo what was done, in a scope that
      // the cancellation cannot interrupt, then end as cancelled. Older runs ended with nothing undone.
      if (feature('compensate-on-workflow-cancel')) {
        const cancelled = { type: FailureType.Cancelled, message: 'the workflow run was cancelled' };
        await CancellationScope.nonCancellable(() => compensate(state, saga, record, inbox, cancelled));
      }
      throw error;
    }
    // Only business failures compensate. A bug in workflow code (a TypeError, say) must fail the workflow
    // task instead, so that Temporal retries it once a fixed worker is deployed, with nothing undone.
    if (!(error instanceof TemporalFailure)) throw error;
    const failure = describeFailure(error);
    if ((await compensate(state, saga, record, inbox, failure)) === 'return')
      return runReturn(state, input, record, inbox);
    if (endsAsCancelled(failure.type)) return state;
    throw ApplicationFailure.nonRetryable(failure.message, failure.type, state.failure);
  }
  saga.clear();
  if (state.cancellation) return runReturn(state, input, record, inbox);

  return afterDelivery({ state, input, record, inbox });
}
