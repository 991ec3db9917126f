import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { DependencyDownError } from '@skywater/core/errors/app-error';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Prints HTML to an A4 PDF with headless Chromium (offline: the page is self-contained, and
 * every network request is refused). 503 when Chromium is not installed.
 */
export async function printPdf(html: string): Promise<Buffer> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new DependencyDownError(
      `PDF needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium); the HTML bulletin works without it`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
