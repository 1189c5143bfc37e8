import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// ESLint loads its flat config with a dynamic import, which jest's sandbox cannot do, so the snippets are
// linted by the project's real ESLint setup in a plain Node process.
const LINT_SNIPPETS = `
const { ESLint } = require('eslint');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { filePath, code } of cases) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length);
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

const CASES = [
  { file: 'workflows/example.workflow.ts', line: "import fs from 'node:fs';", errors: 1 },
  { file: 'workflows/example.workflow.ts', line: "import { Client } from 'pg';", errors: 1 },
  { file: 'workflows/example.workflow.ts', line: "import knex from 'knex';", errors: 1 },
  { file: 'workflows/example.workflow.ts', line: "import express from 'express';", errors: 1 },
  {
    file: 'workflows/example.workflow.ts',
    line: "import { createPaymentActivities } from '../activities/payment.activities';",
    errors: 1,
  },
  {
    file: 'workflows/example.workflow.ts',
    line: "import type { CheckoutActivities } from '../activities';",
    errors: 0,
  },
  { file: 'src/algorithms/example.ts', line: "import { readFileSync } from 'fs';", errors: 1 },
  { file: 'activities/example.activities.ts', line: "import knex from 'knex';", errors: 0 },
];

test('when workflow-safe code imports Node built-ins or I/O libraries, then lint fails, and elsewhere it passes', () => {
  const input = JSON.stringify(
    CASES.map(({ file, line }) => ({ filePath: path.join(ROOT, file), code: `${line}\n` })),
  );
  const counts = JSON.parse(
    execFileSync(process.execPath, ['-e', LINT_SNIPPETS], { cwd: ROOT, input, encoding: 'utf8' }),
  );
  expect(counts).toEqual(CASES.map((c) => c.errors));
});
