/**
 * End-to-end tests (`npx playwright test`, also run by `npm test`).
 *
 * - `browser`: the real back end in browser mode (`pipewright ui`, one per worker or per test, see
 *   e2e/fixtures/test.ts) driven in Debian's Chromium. Playwright's own browsers are never downloaded.
 * - `electron`: the desktop app through `_electron.launch`, where an Electron binary is installed; it
 *   reports itself skipped, with the reason, where none is.
 *
 * Traces and screenshots are kept for failures under test-results/run-<time>-<pid>/ (one folder per run:
 * Playwright empties its output folder when a run starts, and sessions sharing this tree may run the
 * suite at the same time); the screenshots of every view go to test-results/screenshots/.
 */
import { defineConfig } from '@playwright/test';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
// Decided once by the runner; its workers load this file again and inherit the variable.
process.env.PW_E2E_OUTPUT ??= `test-results/run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')}-${process.pid}`;

/** Debian's Chromium; CI runs as root without a display, hence no sandbox and headless. */
const CHROMIUM = process.env.PW_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: process.env.PW_E2E_OUTPUT,
  globalSetup: './e2e/global-setup.ts',
  // Two cores: two workers, files spread between them, the tests of one file in order.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./e2e/reporters/skip-reasons.ts'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
  },
  projects: [
    {
      name: 'browser',
      testIgnore: /electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1440, height: 900 },
        colorScheme: 'light',
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
});
