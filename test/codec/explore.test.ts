import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { freePort } from '../../src/temporal/dev-server';
import { findChromium } from '../support/chromium';
import { startHarness } from '../support/harness';
import { orderWithStatus, placeOrder } from '../support/http';
import { startTemporalWithUi } from '../support/temporal-with-ui';

test('explore', async () => {
  const apiPort = await freePort();
  const temporal = await startTemporalWithUi(`http://localhost:${apiPort}/codec`);
  const h = await startHarness({ temporalAddress: temporal.address, apiPort });
  try {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped', 60_000);
    const browser = await chromium.launch({ executablePath: findChromium()!, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${temporal.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`OrderId = '${orderId}'`)}`);
    await page.waitForTimeout(4000);
    await page.screenshot({ path: '/tmp/explore-list.png', fullPage: true });
    fs.writeFileSync('/tmp/explore-list.html', await page.content());
    await page.goto(`${temporal.uiUrl}/namespaces/default/workflows/checkout-${orderId}`);
    await page.waitForTimeout(5000);
    await page.screenshot({ path: '/tmp/explore-run.png', fullPage: true });
    fs.writeFileSync('/tmp/explore-run.html', await page.content());
    fs.writeFileSync('/tmp/explore-run.txt', await page.innerText('body'));
    await browser.close();
  } finally {
    await h.stop();
    await temporal.stop();
  }
}, 180_000);
