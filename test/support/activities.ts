import { createActivities } from '../../activities';
import { SHIPPED_RISK_MODEL } from '../../src/algorithms/shipped-risk-model';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment-provider';
import { SandboxCarrier } from '../../src/shipping/sandbox-carrier';
import type { Harness } from './harness';

/** The worker's activities over the harness's database and client, to call one directly in a test. */
export const activitiesOf = (h: Harness) =>
  createActivities({
    db: h.db,
    temporal: h.client,
    payments: new SandboxPaymentProvider(h.db),
    carrier: new SandboxCarrier(h.db),
    riskModel: SHIPPED_RISK_MODEL,
    allocation: { costPerKmPerUnit: 0.1 },
  });
