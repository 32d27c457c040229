import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

test('the app loads with its header, navigation and overview', async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Partner Center' })).toBeVisible();
  await expect(shell.heading).toHaveText('Overview');
  await expect(page).toHaveTitle('Overview · Partner Center');
  await expect(shell.navLink('Manage Organizations')).toBeVisible();
  await expect(shell.navLink('Users')).toBeVisible();
});

test('navigation moves between pages and marks the current one', { tag: '@phone' }, async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/');
  await shell.navigateTo('Manage Organizations');
  await expect(page).toHaveURL('/partner/orgs');
  await shell.showNav();
  await expect(shell.navLink('Manage Organizations')).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Manage Organizations · Partner Center');

  await shell.navigateTo('Users');
  await expect(page).toHaveURL('/users');
  await shell.showNav();
  await expect(shell.navLink('Users')).toHaveAttribute('aria-current', 'page');
  await expect(shell.navLink('Manage Organizations')).not.toHaveAttribute('aria-current', 'page');

  await page.goBack();
  await expect(shell.heading).toHaveText('Manage Organizations');
  await page.goForward();
  await expect(shell.heading).toHaveText('Users');
});

test('leaving a page cancels the request it was still waiting for', async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/');
  // Hold the list's request unanswered, as a slow server would.
  await page.route('**/api/v1/partner/orgs?*', () => {});
  const cancelled = page.waitForEvent('requestfailed', (request) => request.url().includes('/api/v1/partner/orgs?'));
  await shell.navLink('Manage Organizations').click();
  await expect(page.getByRole('main').getByRole('status').first()).toContainText('Loading');
  await shell.navigateTo('Users');
  expect((await cancelled).failure()?.errorText).toBe('net::ERR_ABORTED');
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('a healthy API goes unmentioned: the footer names only the version', async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/');
  await expect(shell.apiStatus).toHaveText(/^Partner Center \d+\.\d+\.\d+$/);
});

test('an unreachable API is reported, and checking again recovers', async ({ page }) => {
  await page.route('**/api/v1/health', (route) => route.abort('connectionrefused'));
  const shell = new AppShell(page);
  await shell.open('/');
  await expect(shell.apiStatus).toContainText('API unreachable: The server cannot be reached.');
  await page.unroute('**/api/v1/health');
  await shell.apiStatus.getByRole('button', { name: 'Check again' }).click();
  await expect(shell.apiStatus).toHaveText(/^Partner Center/);
});

test('a deep link loads, and reloads, into its page', async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/partner/orgs');
  await expect(shell.heading).toHaveText('Manage Organizations');
  await page.reload();
  await expect(shell.heading).toHaveText('Manage Organizations');
  await expect(shell.navLink('Manage Organizations')).toHaveAttribute('aria-current', 'page');
});

test('an unknown address shows a real not-found page', async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/no/such/page');
  await expect(shell.heading).toHaveText('Page not found');
  await expect(page.getByRole('main')).toContainText('There is no page at /no/such/page.');
  await page.getByRole('main').getByRole('link', { name: 'Go to the overview' }).click();
  await expect(shell.heading).toHaveText('Overview');
});

test('the skip link moves keyboard focus to the page content', async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/users');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expect(shell.heading).toHaveText('Users');
});

test("following a link moves focus to the new page's heading, so the next Tab is in its content", async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/');
  await shell.navigateTo('Manage Organizations');
  await expect(shell.heading).toHaveText('Manage Organizations');
  await expect(shell.heading).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);

  // A new sort stays on the same page: the heading does not take focus again.
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', /ascending|descending/);
  await expect(shell.heading).not.toBeFocused();

  await shell.navigateTo('Users');
  await expect(shell.heading).toHaveText('Users');
  await expect(shell.heading).toBeFocused();
});

for (const path of ['/', '/partner/orgs', '/users', '/no/such/page']) {
  test(`an axe scan of ${path} finds no accessibility violations`, { tag: '@phone' }, async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open(path);
    await expect(shell.apiStatus).toHaveText(/^Partner Center/);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });
}

for (const path of ['/', '/partner/orgs', '/users']) {
  test(`${path} does not shift while the session and its data arrive`, { tag: '@phone' }, async ({ page }) => {
    await page.addInitScript(() => {
      const shifts = { total: 0 };
      (window as unknown as { shifts: typeof shifts }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.total += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // The session check waits until the shell has painted, as on a slow network.
    let answer = () => {};
    const painted = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/v1/me', async (route) => {
      await painted;
      await route.continue();
    });
    await page.goto(path);
    await expect(page.getByRole('main').getByRole('status').first()).toContainText('Loading');
    answer();
    const shell = new AppShell(page);
    await expect(shell.heading).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    const shifted = await page.evaluate(() => (window as unknown as { shifts: { total: number } }).shifts.total);
    expect(shifted).toBeLessThan(0.05);
  });
}
