import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { SHIPPED_RISK_MODEL } from '../../src/algorithms/shipped-risk-model';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment-provider';
import { SandboxCarrier } from '../../src/shipping/sandbox-carrier';
import type { Harness } from './harness';

/**
 * The worker's activities over the harness's database and client, to call one directly in a test;
 * `allocation` replaces the allocation settings (waves, say).
 */
export const activitiesOf = (
  h: Pick<Harness, 'db' | 'client'>,
  allocation: ActivityDeps['allocation'] = { costPerKmPerUnit: 0.1 },
) =>
  createActivities({
    db: h.db,
    temporal: h.client,
    payments: new SandboxPaymentProvider(h.db),
    carrier: new SandboxCarrier(h.db),
    riskModel: SHIPPED_RISK_MODEL,
    allocation,
  });
