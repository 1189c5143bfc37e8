import type { AuditReport } from './audit-report';

/** The report as a plain-text table: one line per invariant, then its first violations. */
export function formatAuditReport(report: AuditReport): string {
  const lines = [`Invariants (${report.passed ? 'all hold' : 'VIOLATED'}):`];
  const width = Math.max(...report.invariants.map((invariant) => invariant.name.length));
  for (const invariant of report.invariants) {
    const counts = Object.entries(invariant.counts)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    const verdict = invariant.passed ? 'pass' : `FAIL (${invariant.violationCount})`;
    lines.push(`  ${invariant.name.padEnd(width)}  ${verdict.padEnd(10)}  ${counts}`);
    for (const violation of invariant.violations) {
      const subject = [
        violation.orderId && `order ${violation.orderId}`,
        violation.warehouseId,
        violation.sku,
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(`      - ${subject ? `${subject}: ` : ''}${violation.message}`);
    }
  }
  return lines.join('\n');
}
