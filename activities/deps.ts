import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { DecisionTreeModel } from '../src/algorithms/risk';
import type { PaymentProvider } from '../src/payments/payment-provider';
import type { Carrier } from '../src/shipping/carrier';
import type { AppMetrics } from '../src/observability/app-metrics';
import type { WaveSettings } from './reservation-wave';

/** What activities need from the outside world; the worker builds it once. */
export interface ActivityDeps {
  db: Knex;
  /** For the reconciler, which reads workflow runs. */
  temporal: Client;
  payments: PaymentProvider;
  carrier: Carrier;
  riskModel: DecisionTreeModel;
  /**
   * Allocation prices: per km per unit, and per extra parcel of a split order (0 when absent); with `wave`,
   * optimal orders are allocated together in waves (ALLOCATION_MODE=wave).
   */
  allocation: { costPerKmPerUnit: number; splitPenalty?: number; wave?: WaveSettings };
  /** Risk thresholds and velocity sums are in this currency (BASE_CURRENCY); USD when absent. */
  baseCurrency?: string;
  /** The process's Prometheus counters (saga outcomes, compensations, refunds, stock alerts); none if absent. */
  metrics?: AppMetrics;
}
