// Debian's Chromium, headless, driven by playwright-core: the one launch every page test and
// tool shares. Never downloads a browser; set CHROMIUM_PATH to use another binary.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// As root, without a sandbox; and without the background services that would try the network.
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
