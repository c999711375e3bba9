import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { Browser, launchChromium } from '../support/browser';
import { storedPoints } from '../support/line-protocol';
import { describeWithServer } from '../support/server-binary';
import { ServiceProcess } from '../support/service-process';

const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'swagger-ui');
const KEY = 'ui-test-ingest-key';

/** Swagger UI as a developer uses it: the built service, a real headless Chromium. */
describeWithServer('chromium', 'chromium', 'Swagger UI at /docs in headless Chromium', () => {
  let dataDir: string;
  let svc: ServiceProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'iiot-ui-'));
    // Until auth lands the variable is ignored and the route is open; with it, Authorize matters.
    svc = await new ServiceProcess({ DATA_DIR: dataDir, API_KEYS: `ingest:${KEY}` }).start();
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${svc.url}/docs`);
    await page.locator('.opblock-tag-section').first().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should list every tag of the API', async () => {
    const tags = await page
      .locator('h3.opblock-tag')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-tag')));
    expect(tags.sort()).toEqual(['analytics', 'health', 'ingestion', 'mes']);
  });

  it('should authorize with a key and try POST /generic-sensor with its example: 200, key sent', async () => {
    await page.locator('.auth-wrapper button.authorize').click();
    const apiKey = page.locator('.auth-container', { hasText: 'api-key' });
    await apiKey.locator('input').fill(KEY);
    await apiKey.locator('button.authorize').click();
    await expect(apiKey.innerText()).resolves.toContain('Authorized');
    await apiKey.locator('button.btn-done').click();
    await page.locator('.dialog-ux').waitFor({ state: 'detached' });

    const sent: Request[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/generic-sensor') sent.push(req);
    });
    const op = page.locator('#operations-ingestion-postGenericSensorLegacy');
    await op.locator('.opblock-summary').click();
    await op.locator('button.try-out__btn').click();
    const example = JSON.parse(await op.locator('textarea.body-param__text').inputValue());
    expect(example).toMatchObject({ SensorName: 'Temp', SensorValue: 42.5 });
    await op.locator('button.execute').click();

    const status = op.locator('.live-responses-table tr.response .response-col_status');
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('200');
    await expect(
      op.locator('.live-responses-table tr.response .microlight').first().innerText(),
    ).resolves.toContain('Sensor read successfully');
    expect(sent).toHaveLength(1);
    expect(sent[0].method()).toBe('POST');
    expect(await sent[0].headerValue('x-api-key')).toBe(KEY);
    expect(storedPoints(dataDir)).toEqual([
      expect.objectContaining({
        measurement: 'GenericSensor',
        tags: { line_name: 'Line1', machine_name: 'Press 1', sensor_name: 'Temp' },
        fields: { value: 42.5 },
      }),
    ]);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, 'generic-sensor-try-it-out.png');
    // From the operation's header down to the live answer: request, curl line, 200 and body.
    const pageY = (selector: string) =>
      op
        .locator(selector)
        .first()
        .evaluate((el) => {
          // Runs in the page; this project compiles without the DOM lib.
          const { scrollY } = globalThis as unknown as { scrollY: number };
          const box = el.getBoundingClientRect();
          return { top: box.top + scrollY, bottom: box.bottom + scrollY };
        });
    const top = (await pageY('.opblock-summary')).top;
    const bottom = (await pageY('.live-responses-table')).bottom;
    const clip = { x: 0, y: top, width: 1280, height: bottom - top + 16 };
    await page.screenshot({ path: file, fullPage: true, clip });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  }, 60_000);
});
