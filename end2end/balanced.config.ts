import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopChromium } from './chromium';

// Several servers behind a balancer: PostgreSQL, two server processes started at the same moment
// and nginx in front (cluster/cluster.ts, started by cluster/global-setup.ts). The main flows run
// through nginx, then balanced/ checks what several instances must get right, ending with one
// server killed in the middle of a storm of creates. scripts/test.sh runs it after the main suite.
process.env.E2E_CLUSTER_DIR ??= mkdtempSync(join(tmpdir(), 'partner-center-cluster-'));
process.env.E2E_DEMO_PASSWORD ??= 'demo password for end-to-end tests';
// The tests read mail from the servers' shared data directory (cluster/cluster.ts).
process.env.E2E_DATA_DIR ??= join(process.env.E2E_CLUSTER_DIR, 'data');
const proxyURL = (process.env.E2E_PROXY_URL ??= 'http://127.0.0.1:3150');


export default defineConfig({
  globalSetup: './cluster/global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: { ...desktopChromium, baseURL: proxyURL, trace: 'retain-on-failure' },
  projects: [
    // The flows the phone project runs too: the main ones of the guide.
    { name: 'balanced-flows', testDir: './tests', grep: /@phone/, testIgnore: [/clock\.spec\.ts/, /phone\.spec\.ts/], fullyParallel: true },
    { name: 'several-servers', testDir: './balanced', dependencies: ['balanced-flows'], fullyParallel: false },
  ],
});
