import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopChromium } from './chromium';

// The real server (debug build) serving the release build of the app, on its own port and a
// fresh SQLite database. scripts/test.sh builds both first.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// A second server on a test clock, for the specs that move time (trials ending, invoices):
// moving it would end every other test's session.
const clockPort = port + 1;
const clockURL = `http://127.0.0.1:${clockPort}`;
// Tests read the mail outbox (invitation links) from here. Each worker process evaluates this
// file again, inheriting the environment: create the directory once.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'partner-center-e2e-'));
process.env.E2E_CLOCK_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'partner-center-e2e-clock-'));
const dataDir = process.env.E2E_DATA_DIR;
// Where cargo put the server (an absolute CARGO_TARGET_DIR, or the workspace's target/).
const targetDir = process.env.CARGO_TARGET_DIR ?? '../target';
const clockDataDir = process.env.E2E_CLOCK_DATA_DIR;
process.env.E2E_DEMO_PASSWORD ??= 'demo password for end-to-end tests';

const phone = {
  ...desktopChromium,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: [/clock\.spec\.ts/, /phone\.spec\.ts/], use: { ...desktopChromium } },
    // The main flows, the axe scans and the phone layout on a 390×844 touch screen.
    { name: 'phone', grep: /@phone/, testIgnore: /clock\.spec\.ts/, use: { ...phone } },
    { name: 'test-clock', testMatch: /clock\.spec\.ts/, use: { ...desktopChromium, baseURL: clockURL } },
  ],
  webServer: [
    server(port, dataDir, []),
    server(clockPort, clockDataDir, ['--test-clock']),
  ],
});

function server(listenOn: number, data: string, flags: string[]) {
  const url = `http://127.0.0.1:${listenOn}`;
  return {
    command: [`${targetDir}/debug/partner-center-server`, `--bind 127.0.0.1:${listenOn}`, `--data-dir ${data}`, '--dist-dir ../dist', '--demo', ...flags].join(' '),
    url: `${url}/api/v1/health`,
    env: { PARTNER_CENTER_DEMO_PASSWORD: process.env.E2E_DEMO_PASSWORD!, PARTNER_CENTER_PUBLIC_URL: url },
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    timeout: 60_000,
  };
}
