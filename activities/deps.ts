import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { DecisionTreeModel } from '../src/algorithms/risk';
import type { PaymentProvider } from '../src/payments/payment-provider';
import type { Carrier } from '../src/shipping/carrier';
import type { AppMetrics } from '../src/observability/app-metrics';

/** What activities need from the outside world; the worker builds it once. */
export interface ActivityDeps {
  db: Knex;
  /** For the reconciler, which reads workflow runs. */
  temporal: Client;
  payments: PaymentProvider;
  carrier: Carrier;
  riskModel: DecisionTreeModel;
  allocation: { costPerKmPerUnit: number };
  /** The process's Prometheus counters (saga outcomes, compensations, refunds, stock alerts); none if absent. */
  metrics?: AppMetrics;
}
