import { PUBLIC_ROUTES, ROUTE_ACCESS } from '../src/api/access-policy';
import { ROLES } from '../src/auth/roles';

// `npm run -s routes`: each role's allowed routes as a Markdown table, generated from the access policy.
const rows = Object.entries(ROUTE_ACCESS).map(([route, roles]) => {
  const allowed = roles as readonly string[];
  return `| \`${route}\` | ${ROLES.map((role) => (allowed.includes(role) ? 'yes' : '')).join(' | ')} |`;
});
const publicRows = PUBLIC_ROUTES.map(
  (route) => `| \`${route}\` | ${ROLES.map(() => 'public').join(' | ')} |`,
);
console.log(
  [
    `| route | ${ROLES.join(' | ')} |`,
    `|---|${ROLES.map(() => '---').join('|')}|`,
    ...rows,
    ...publicRows,
  ].join('\n'),
);
