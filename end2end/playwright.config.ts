import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The real server (debug build) serving the release build of the app, on its own port and a
// fresh SQLite database. scripts/test.sh builds both first.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// Tests read the mail outbox (invitation links) from here. Each worker process evaluates this
// file again, inheriting the environment: create the directory once.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'partner-center-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;
process.env.E2E_DEMO_PASSWORD ??= 'demo password for end-to-end tests';

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
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `../target/debug/partner-center-server --bind 127.0.0.1:${port} --data-dir ${dataDir} --dist-dir ../dist`,
    url: `${baseURL}/api/v1/health`,
    env: { PARTNER_CENTER_DEMO_PASSWORD: process.env.E2E_DEMO_PASSWORD },
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 60_000,
  },
});
