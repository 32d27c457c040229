import { expect, test } from '@playwright/test';
import { signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';

// The release build loads each page's code on first use (scripts/build-app.sh).

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

test('the likeliest next pages are fetched while the person reads the first one', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await new AppShell(page).open('/');
  await expect.poll(() => fetched.filter((path) => /^\/split_(orgs|users)-[0-9a-f]{16}\.wasm$/.test(path)).length)
    .toBe(2);
  expect(fetched.some((path) => /^\/split_(reports|settings|account)-/.test(path)), 'only the likely ones').toBe(false);
});

test("a page whose code cannot be fetched says so and offers Try again, and the app lives on", async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Alone, or in the bundle a first visit to the page fetches.
  await page.route(/\/(split|bundle)_reports-[0-9a-f]{16}\.(wasm|bundle)$/, (route) => route.abort('connectionreset'));
  const shell = new AppShell(page);
  await shell.open('/');
  await page.goto('/audit');
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'This page could not be loaded' })).toBeVisible();
  // The rest of the app still works.
  await shell.navigateTo('Users');
  await page.goBack();
  await expect(alert.getByRole('heading', { name: 'This page could not be loaded' })).toBeVisible();

  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(shell.heading).toHaveText('Audit log');
  expect(errors).toEqual([]);
});

test("a first visit fetches a page's code as one bundle and the session, both named by the server in the HTML's answer", async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const response = await page.goto('/partner/orgs');
  const named = [...(response!.headers()['link'] ?? '').matchAll(/<([^>]+)>/g)].map((match) => match[1]);
  expect(named).toContain('/api/v1/me');
  expect(named.some((path) => /^\/bundle_orgs-[0-9a-f]{16}\.bundle$/.test(path)), 'the page bundle').toBe(true);
  expect(named.some((path) => /^\/partner-center-[0-9a-f]{16}_bg\.wasm$/.test(path)), 'the main module').toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Manage Organizations' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  // A hint the app did not use in the same way (another mode, other credentials) is fetched twice.
  for (const path of named) {
    expect(fetched.filter((seen) => seen === path), path).toHaveLength(1);
  }
  // The page's module and the chrome's came out of the bundle, not one by one. (The users
  // pages' module is fetched alone later, while the browser is idle.)
  expect(fetched.filter((path) => /^\/split_(orgs|signed_in)-/.test(path))).toEqual([]);
});

test("a page's data is asked for beside its code, not after it, and only once", async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/v1/partner/orgs') asked.push(url.search);
  });
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/split_orgs-[0-9a-f]{16}\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  const dataAsked = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/partner/orgs');
  await page.goto('/partner/orgs?sort=name&order=desc', { waitUntil: 'commit' });
  // The page's code is still held back here.
  expect(new URL((await dataAsked).url()).searchParams.get('sort')).toBe('name');
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Manage Organizations' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  expect(asked).toHaveLength(1);
});

test("when a first visit's bundle cannot be fetched, the page's files are fetched one by one", async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.route(/\/bundle_users-[0-9a-f]{16}\.bundle$/, (route) => route.abort('connectionreset'));
  await page.goto('/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  expect(fetched.some((path) => /^\/split_users-[0-9a-f]{16}\.wasm$/.test(path)), 'the module alone').toBe(true);
});
