import { ROLES } from '../auth/roles';
import { PUBLIC_ROUTES, ROUTE_ACCESS } from './access-policy';

/** Each role's allowed routes as a Markdown table, generated from the access policy (README, closing notes). */
export function accessTable(): string {
  const rows = Object.entries(ROUTE_ACCESS).map(([route, roles]) => {
    const allowed = roles as readonly string[];
    return `| \`${route}\` | ${ROLES.map((role) => (allowed.includes(role) ? 'yes' : '')).join(' | ')} |`;
  });
  const publicRows = PUBLIC_ROUTES.map(
    (route) => `| \`${route}\` | ${ROLES.map(() => 'public').join(' | ')} |`,
  );
  return [
    `| route | ${ROLES.join(' | ')} |`,
    `|---|${ROLES.map(() => '---').join('|')}|`,
    ...rows,
    ...publicRows,
  ].join('\n');
}
