import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ENCRYPTED_ENCODING } from '../../src/codec/encryption-codec';
import { freePort, type DevServerHandle } from '../../src/temporal/dev-server';
import { chromiumUnavailable, ensureChromium } from '../support/chromium';
import { startHarness, type Harness } from '../support/harness';
import { orderWithStatus, placeOrder } from '../support/http';
import { startTemporalWithUi } from '../support/temporal-with-ui';

// The README's screenshots are refreshed on request (UPDATE_SCREENSHOTS=1); other runs keep theirs in the
// git-ignored test data, so a test run never leaves the work tree changed.
const SCREENSHOTS = path.resolve(
  __dirname,
  process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../data/test/screenshots',
);
// The one case in which this test skips: no Chromium here, and no way to install one (not root, no apt).
const unavailable = chromiumUnavailable();
if (unavailable) console.warn(`Skipping the Temporal UI browser test: ${unavailable}.`);
const describeWithChromium = unavailable ? describe.skip : describe;

describeWithChromium('support staff in the Temporal UI', () => {
  let temporal: DevServerHandle & { uiUrl: string };
  let h: Harness;
  let browser: Browser;
  let codecEndpoint: string;
  let orderId: string;
  const shipTo = `Grace Support ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const found = await ensureChromium();
    if ('missing' in found) throw new Error(`Chromium could not be installed: ${found.missing}`);
    const apiPort = await freePort();
    codecEndpoint = `http://localhost:${apiPort}/codec`;
    temporal = await startTemporalWithUi(codecEndpoint);
    const uiOrigins = [new URL(temporal.uiUrl).origin];
    h = await startHarness({
      temporalAddress: temporal.address,
      apiPort,
      codecServer: { namespace: 'default', uiOrigins, endpoint: codecEndpoint, uiUrl: temporal.uiUrl },
    });
    browser = await chromium.launch({ executablePath: found.executable, headless: true });
    const address = { line1: '1 Main St', city: 'New York', postalCode: '10001', country: 'US' };
    orderId = await placeOrder(h, { shippingAddress: { ...address, name: shipTo } });
    await orderWithStatus(h, orderId, 'shipped', 60_000);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await temporal?.stop();
  });

  /**
   * A browser whose Temporal UI has the Codec Server settings staff make once (README, "Support"): this
   * endpoint, cross-origin credentials included. Also records how the codec server answered the UI.
   */
  async function staffPage(): Promise<{ page: Page; decodeStatuses: number[] }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // As a script text: it runs in the page, where `localStorage` is the UI's own store of these settings.
    const settings = {
      endpoint: codecEndpoint,
      includeCredentials: true,
      overrideRemoteCodecConfiguration: true,
    };
    await context.addInitScript(
      `if (location.origin === ${JSON.stringify(new URL(temporal.uiUrl).origin)})` +
        Object.entries(settings)
          .map(
            ([key, value]) =>
              ` localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(value))});`,
          )
          .join(''),
    );
    const page = await context.newPage();
    const decodeStatuses: number[] = [];
    page.on('response', (response) => {
      if (response.url() === `${codecEndpoint}/decode` && response.request().method() === 'POST')
        decodeStatuses.push(response.status());
    });
    return { page, decodeStatuses };
  }

  const runUrl = () => `${temporal.uiUrl}/namespaces/default/workflows/checkout-${orderId}`;

  test('when support staff log in to the codec server, then the UI finds the order by OrderId and shows its timeline summaries and decoded input', async () => {
    const { page, decodeStatuses } = await staffPage();
    const token = (await h.credentials.as('support', 'grace')).authorization.slice('Bearer '.length);
    await page.goto(`${codecEndpoint}/login`);
    await page.fill('#credential', token);
    await page.click('button[type=submit]');
    expect(await page.textContent('#logged-in')).toBe('Logged in as grace (support).');

    await page.goto(`${temporal.uiUrl}/namespaces/default/workflows`);
    await page.click('[data-testid=toggle-manual-query]');
    await page.fill('[data-testid=manual-search-input]', `OrderId = '${orderId}'`);
    await page.press('[data-testid=manual-search-input]', 'Enter');
    const link = page.getByRole('link', { name: `checkout-${orderId}`, exact: true });
    await link.waitFor();
    expect(await page.getByRole('link', { name: /^checkout-/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'support-search.png') });

    await link.click();
    await page.getByText(shipTo).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'support-decoded-input.png') });
    for (const summary of [
      'Reserve stock (optimal)',
      'Assess payment risk',
      /^authorizePayment • Authorize \d+\.\d\d USD \(card, attempt 1\)$/,
      'Create shipments',
      'Wait for delivery (within the SLA)',
    ])
      await page.getByText(summary).first().waitFor();
    // The whole timeline: the UI scrolls inside its own pane, so the window is made tall enough for it.
    await page.setViewportSize({ width: 1400, height: 1700 });
    await page.getByRole('heading', { name: 'Event History' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'support-timeline.png') });
    expect(decodeStatuses.length).toBeGreaterThan(0);
    expect(new Set(decodeStatuses)).toEqual(new Set([200]));
  }, 120_000);

  test('when nobody has logged in, then the same browser shows the run with its payloads and summaries still encrypted', async () => {
    const { page, decodeStatuses } = await staffPage();
    await page.goto(runUrl());
    // The input as stored: the encrypted envelope, whose encoding reads "binary/encrypted" in base64.
    await page.getByText(Buffer.from(ENCRYPTED_ENCODING).toString('base64')).first().waitFor();
    await page.getByText('Codec Server could not connect').filter({ visible: true }).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'support-not-logged-in.png') });

    expect(await page.innerText('body')).not.toContain(shipTo);
    for (const summary of ['Reserve stock (optimal)', 'Wait for delivery (within the SLA)'])
      expect(await page.getByText(summary).count()).toBe(0);
    expect(decodeStatuses.length).toBeGreaterThan(0);
    expect(new Set(decodeStatuses)).toEqual(new Set([401]));
  }, 120_000);
});
