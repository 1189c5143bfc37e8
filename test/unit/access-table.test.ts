import { readFileSync } from 'node:fs';
import path from 'node:path';
import { accessTable } from '../../src/api/access-table';

/** Table rows as trimmed cells, ignoring the padding prettier adds and the separator row. */
const cells = (markdown: string) =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\|[\s-|]+\|$/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));

test("when the access policy changes, then the README's roles table must be regenerated (npm run -s routes)", () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const generated = cells(accessTable());
  const start = readme.indexOf('| route ');
  const documented = cells(readme.slice(start, readme.indexOf('\n\n', start)));
  expect(documented).toEqual(generated);
  expect(generated.length).toBeGreaterThan(10);
});
