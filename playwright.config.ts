import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/fixtures/chromium';

/**
 * End-to-end specs drive the built studio in Debian's Chromium (`apt-get install -y chromium`).
 * Playwright never downloads a browser here.
 */
export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  use: {
    trace: 'on-first-retry',
    launchOptions: chromiumLaunchOptions,
  },
});
