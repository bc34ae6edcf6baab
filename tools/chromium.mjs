// Debian's Chromium, headless, driven by playwright-core: the one launch every page test and
// tool shares. Never downloads a browser; set CHROMIUM_PATH to use another binary.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// As root, without a sandbox; and without the background services that would try the network.
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// The page's directory, as the tools serve it.
export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

// Serves web/ on a free local port and launches Chromium, runs use({server, browser}), then
// closes both whatever happened: the frame of every tool that measures the page.
export async function withServedPage(use) {
  const server = await startServer({ root: WEB_ROOT, port: 0, host: '127.0.0.1' });
  try {
    const browser = await launchChromium();
    try {
      return await use({ server, browser });
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
