// The invariant auditor: checks stock, money, order states and run histories, for tests, chaos and support.
export { createAuditor, type Auditor, type AuditorDeps, type AuditOptions } from './auditor';
export type { AuditReport, InvariantResult, Violation } from './audit-report';
export { formatAuditReport } from './format-report';
export { DEFAULT_HISTORY_LIMIT } from './history.invariant';
export type { InventorySnapshot, Restock } from './inventory-snapshot';
export { expectedKeptMinor } from './money.invariant';
export { WAITING_STATUSES } from './states.invariant';
