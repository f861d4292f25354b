import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { VIEWPORTS } from './browser';

export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');

/** Saves the page as it is now at desktop and phone widths (`<name>-desktop.png`, `<name>-phone.png`). */
export async function snap(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? VIEWPORTS.desktop;
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    // setViewportSize returns once the page has been laid out at the new size (no script needed, so
    // pages opened with JavaScript off are captured too).
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}
