import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

// The README's `npm run demo`, run as a user would: it starts its own system and drives it over HTTP.
describe('npm run demo', () => {
  let output = '';
  beforeAll(async () => {
    const run = await promisify(execFile)('npm', ['run', '-s', 'demo'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 540_000,
    });
    output = run.stdout;
  }, 600_000);

  const reportOf = (method: string) => {
    const report = output.slice(output.indexOf('Final state and money movements'));
    const start = report.search(new RegExp(`order [0-9a-f-]+: \\w+ \\(${method} payment`));
    expect(start).toBeGreaterThan(0);
    const next = report.indexOf('\norder ', start + 1);
    return report.slice(start, next < 0 ? undefined : next);
  };

  test('when the wallet order is paid by webhook and one mug returned, then it is completed and that mug refunded in EUR', () => {
    const report = reportOf('wallet');
    expect(report).toMatch(/: completed \(wallet payment, partially_refunded\)/);
    expect(report).toMatch(/due 48\.68 EUR · captured 48\.68 EUR · voided 0\.00 EUR · refunded 13\.58 EUR/);
    expect(output).toMatch(/return of one mug: submitted \(under the auto-approval limit\)/);
  });

  test('when the bank transfer never arrives, then the order is cancelled with nothing captured', () => {
    const report = reportOf('bank_transfer');
    expect(report).toMatch(/: cancelled \(bank_transfer payment, voided\)/);
    expect(report).toMatch(/captured 0\.00 USD/);
  });

  test('when the card order ships in two parcels, then each is captured and the rug refunded after support approved', () => {
    const report = reportOf('card');
    expect(report).toMatch(/capture [0-9a-f-]+:wh-newark: 89\.00 USD/);
    expect(report).toMatch(/capture [0-9a-f-]+:wh-reno: 129\.00 USD/);
    expect(report).toMatch(/refunded 129\.00 USD/);
    expect(output).toMatch(/support approved it/);
  });
});
