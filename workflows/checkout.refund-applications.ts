import { condition, setHandler, TemporalFailure } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { shareOf } from '../src/domain/money';
import {
  ApplicationStatus,
  applicationRefundId,
  isAwaitingDecision,
  type RefundApplication,
  type RefundApplicationRequest,
} from '../src/domain/refund-applications';
import { run } from './checkout.activities';
import { flagAttention } from './checkout.attention';
import { alreadyDone, refuse } from './checkout.commands';
import { refundApplicationSignal, refundDecisionUpdate, type RefundDecision } from './checkout.messages';
import type { Recorder } from './checkout.recorder';
import {
  applicationOf,
  assessApplication,
  claimableMinor,
  isRefusal,
  linesRefundMinor,
  linesValueMinor,
  planReturnParcels,
} from './checkout.refund-rules';
import { describeFailure, formatMoney } from './checkout.state';
import type { SerialQueue } from './serial-queue';
import { feature } from './features';

/** What the application process works with. */
export interface ApplicationContext {
  state: CheckoutState;
  input: CheckoutInput;
  record: Recorder;
  /** The run's job queue: side effects go through it, so they never overlap carrier updates and refunds. */
  queue: SerialQueue;
  applyPendingCarrierEvents: () => void;
}

// Orders placed before the setting existed still escalate: two days, the default of REFUND_DECISION_SLA.
const DEFAULT_DECISION_SLA_MS = 2 * 86_400_000;

/** Runs `job` on the queue and resolves with its result (or its failure) once it has run. */
function queued<T>(queue: SerialQueue, job: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => queue.push(() => job().then(resolve, reject)));
}

/** Saves a change: bumps the version and queues the projection to `refund_applications`. */
function project(ctx: ApplicationContext, app: RefundApplication): void {
  app.version += 1;
  const application = { ...app, parcels: app.parcels.map((p) => ({ ...p })) };
  const { orderId, currency } = ctx.state;
  ctx.queue.push(() =>
    run('recordRefundApplication', `Record refund application ${app.applicationId} (${app.status})`, {
      orderId,
      currency,
      application,
    }),
  );
}

/** Moves an application to an end status with the reason, projected and on the timeline. */
function end(ctx: ApplicationContext, app: RefundApplication, status: ApplicationStatus, error: string) {
  Object.assign(app, { status, error });
  project(ctx, app);
  ctx.queue.push(() =>
    ctx.record('refund application', 'failed', ctx.state.status, `${app.applicationId}: ${error}`),
  );
}

/**
 * Refund applications (patched 'refund-applications'): each arrives as a signal with its own id, is
 * checked against the order, and runs as its own process in the workflow: review (automatic under the
 * currency's limit for returns, else support's decision with an SLA that escalates), then the return of
 * the goods when they must come back, then the refund of their share of what was paid.
 */
export function registerRefundApplications(ctx: ApplicationContext): void {
  const { state } = ctx;
  setHandler(refundApplicationSignal, (request) => receive(ctx, request));
  setHandler(
    refundDecisionUpdate,
    (decision) => {
      const app = applicationOf(state, decision.applicationId)!;
      const { reviewer, note } = decision;
      app.decision = {
        decision: decision.decision,
        reviewer,
        ...(note ? { note } : {}),
        at: new Date().toISOString(),
      };
      ctx.queue.push(() =>
        ctx.record(
          'refund application',
          'received',
          state.status,
          `${app.applicationId}: ${decision.decision} by ${decision.reviewer}`,
        ),
      );
      return { status: state.status };
    },
    { validator: (decision: RefundDecision) => validateDecision(ctx, decision) },
  );
}

/** Refuses a decision the application's state does not allow, with the reason; nothing is written. */
function validateDecision({ state, input }: ApplicationContext, decision: RefundDecision): void {
  const app = applicationOf(state, decision.applicationId);
  if (!app) throw refuse(`no refund application ${decision.applicationId} on this order`);
  if (app.decision?.decision === decision.decision)
    throw alreadyDone(`the application was already decided: ${decision.decision}`);
  if (!isAwaitingDecision(app.status))
    throw refuse(`the application is ${app.status}: it does not wait for a decision`);
  if (decision.decision === 'reject') return;
  const amount = amountOf(state, input, app);
  const claimable = Math.max(claimableMinor(state, app.applicationId), 0);
  if (amount > claimable) throw refuse(`refund of ${amount} exceeds the refundable ${claimable}`);
}

/** What an application refunds if approved now. */
const amountOf = (state: CheckoutState, input: CheckoutInput, app: RefundApplication) =>
  app.kind === 'lines' ? linesRefundMinor(state, input.lines, app.lines, app.applicationId) : app.amountMinor;

function receive(ctx: ApplicationContext, request: RefundApplicationRequest): void {
  const { state, input } = ctx;
  if (applicationOf(state, request.applicationId)) return; // a repeat of the same application
  if (!feature('refund-applications')) return;
  const assessment = assessApplication(state, input.lines, request, Date.now());
  const lines = request.lines ?? [];
  const app: RefundApplication = {
    applicationId: request.applicationId,
    kind: request.lines ? 'lines' : 'amount',
    lines,
    needsReturn: !isRefusal(assessment) && assessment.needsReturn,
    reason: request.reason,
    ...(request.note ? { note: request.note } : {}),
    filedBy: request.filedBy,
    submittedAt: new Date().toISOString(),
    status: ApplicationStatus.submitted,
    amountMinor: isRefusal(assessment) ? 0 : assessment.amountMinor,
    valueMinor: isRefusal(assessment) ? 0 : assessment.valueMinor,
    refundedMinor: 0,
    autoApproved: false,
    parcels: [],
    version: 0,
  };
  (state.refundApplications ??= []).push(app);
  if (isRefusal(assessment)) {
    end(ctx, app, ApplicationStatus.rejected, assessment.message);
    return;
  }
  ctx.queue.push(() =>
    ctx.record(
      'refund application',
      'received',
      state.status,
      `${app.applicationId}: ${formatMoney(app.amountMinor, state.currency)} (${app.reason})`,
    ),
  );
  void processApplication(ctx, app);
}

/** Review, return and refund of one application; activity failures end it as failed and flag the order. */
async function processApplication(ctx: ApplicationContext, app: RefundApplication): Promise<void> {
  try {
    if (!(await review(ctx, app))) return;
    if (!approve(ctx, app)) return;
    if (app.needsReturn && !(await returnGoods(ctx, app))) return;
    await refund(ctx, app);
  } catch (error) {
    // A bug (not a Temporal failure) is left to fail the workflow task, as the job queue does.
    if (!(error instanceof TemporalFailure)) throw error;
    const { message } = describeFailure(error);
    end(ctx, app, ApplicationStatus.failed, message);
    await flagAttention(ctx.state, ctx.record, `refund application ${app.applicationId} failed: ${message}`);
  }
}

/**
 * Approves a return at or under the currency's limit at once. Anything else (a larger return, or money
 * without a return: kept goods, an amount off) waits for support; past the SLA it escalates with
 * NeedsAttention and keeps waiting, never approved by silence. False when rejected.
 */
async function review(ctx: ApplicationContext, app: RefundApplication): Promise<boolean> {
  const { state, input } = ctx;
  const limit = input.refundAutoApproveLimits?.[state.currency];
  if (app.needsReturn && limit !== undefined && app.amountMinor <= limit) {
    app.autoApproved = true;
    return true;
  }
  const slaMs = input.timeouts.refundDecisionSlaMs ?? DEFAULT_DECISION_SLA_MS;
  app.decisionDueAt = new Date(Date.now() + slaMs).toISOString();
  project(ctx, app);
  const decided = () => app.decision !== undefined;
  if (!(await condition(decided, slaMs, { summary: `Wait for a decision on ${app.applicationId}` }))) {
    app.status = ApplicationStatus.escalated;
    project(ctx, app);
    await flagAttention(
      state,
      ctx.record,
      `refund application ${app.applicationId} waits for a decision past its SLA`,
    );
    await condition(decided);
  }
  if (app.decision!.decision === 'approve') return true;
  const note = app.decision!.note ? `: ${app.decision!.note}` : '';
  end(ctx, app, ApplicationStatus.rejected, `rejected by ${app.decision!.reviewer}${note}`);
  return false;
}

/**
 * Checks the limits again (other refunds may have happened since it was filed), fixes the amount and
 * holds it against other refunds, and plans the return parcels. False when refused.
 */
function approve(ctx: ApplicationContext, app: RefundApplication): boolean {
  const { state, input } = ctx;
  const amount = amountOf(state, input, app);
  const claimable = Math.max(claimableMinor(state, app.applicationId), 0);
  if (amount > claimable) {
    end(ctx, app, ApplicationStatus.rejected, `refund of ${amount} exceeds the refundable ${claimable}`);
    return false;
  }
  const parcels = app.needsReturn ? planReturnParcels(state, app.lines) : [];
  if (!parcels) {
    end(ctx, app, ApplicationStatus.rejected, 'these units are already being returned');
    return false;
  }
  Object.assign(app, { amountMinor: amount, parcels, status: ApplicationStatus.approved });
  project(ctx, app);
  return true;
}

/**
 * Labels a return parcel per warehouse for these lines only, waits for them (as long as a return window),
 * and restocks the lines of the parcels that came back. The refund covers what came back: a parcel that
 * never did takes its lines' part of the amount with it. False when nothing came back.
 */
async function returnGoods(ctx: ApplicationContext, app: RefundApplication): Promise<boolean> {
  const { state, input } = ctx;
  const { orderId } = state;
  const { applicationId } = app;
  const labels = await queued(ctx.queue, () =>
    run('createLineReturnShipments', `Return labels for refund application ${applicationId}`, {
      orderId,
      applicationId,
      parcels: app.parcels.map(({ warehouseId, lines }) => ({ warehouseId, lines })),
    }),
  );
  state.shipments.push(...labels);
  for (const parcel of app.parcels)
    parcel.trackingNumber = labels.find((l) => l.warehouseId === parcel.warehouseId)?.trackingNumber;
  app.status = ApplicationStatus.awaitingReturn;
  project(ctx, app);
  if (state.pendingCarrierEvents?.length) ctx.applyPendingCarrierEvents();
  const mine = () => state.shipments.filter((s) => s.applicationId === applicationId);
  await condition(() => mine().every((s) => s.status === 'delivered'), input.timeouts.returnWindowMs, {
    summary: `Wait for the returned lines of ${applicationId}`,
  });
  const back = new Set(
    mine()
      .filter((s) => s.status === 'delivered')
      .map((s) => s.trackingNumber),
  );
  if (back.size === 0) {
    end(ctx, app, ApplicationStatus.returnLapsed, 'the goods were not sent back in time');
    return false;
  }
  await queued(ctx.queue, () =>
    run('restockReturnedLines', `Restock the returned lines of ${applicationId}`, {
      orderId,
      trackingNumbers: [...back],
    }),
  );
  const arrived = app.parcels.filter((p) => p.trackingNumber && back.has(p.trackingNumber));
  if (arrived.length < app.parcels.length) {
    const lines = arrived.flatMap((p) => p.lines);
    const value = linesValueMinor(input.lines, lines);
    Object.assign(app, {
      lines,
      amountMinor: shareOf(app.amountMinor, value, app.valueMinor, state.currency),
      valueMinor: value,
    });
  }
  return true;
}

/** Refunds the application's amount through the payment activity (the same limits and lock as any refund). */
async function refund(ctx: ApplicationContext, app: RefundApplication): Promise<void> {
  const { state } = ctx;
  const refundId = applicationRefundId(state.orderId, app.applicationId);
  const reason = `refund application ${app.applicationId} (${app.reason})`;
  if (app.amountMinor === 0) {
    // Nothing to pay out (a share that rounds to nothing): done without troubling the provider.
    app.status = ApplicationStatus.refunded;
    project(ctx, app);
    return;
  }
  const entry = { refundId, amountMinor: app.amountMinor, reason, status: 'requested' as const };
  Object.assign(app, { refundId, status: ApplicationStatus.refunding });
  state.refunds.push(entry);
  project(ctx, app);
  await queued(ctx.queue, async () => {
    const live = state.refunds.find((r) => r.refundId === refundId)!;
    try {
      const result = await run('refundPayment', `Refund ${formatMoney(app.amountMinor, state.currency)}`, {
        orderId: state.orderId,
        refundId,
        amountMinor: app.amountMinor,
        reason,
      });
      live.status = 'succeeded';
      state.refundedMinor += result.amountMinor;
      Object.assign(app, { refundedMinor: result.amountMinor, status: ApplicationStatus.refunded });
    } catch (error) {
      if (!(error instanceof TemporalFailure)) throw error;
      Object.assign(live, { status: 'rejected', error: describeFailure(error).message });
      throw error;
    }
    project(ctx, app);
    await ctx.record(
      'refund',
      'completed',
      state.status,
      `${refundId}: ${formatMoney(app.refundedMinor, state.currency)}`,
    );
  });
}
