import { accessTable } from '../src/api/access-table';

// `npm run -s routes`: each role's allowed routes as a Markdown table, generated from the access policy.
console.log(accessTable());
