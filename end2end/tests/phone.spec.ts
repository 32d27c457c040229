import { expect, test, type Page } from '@playwright/test';
import { createOrgThroughApi, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { ManageOrgsPage, uniqueName } from '../pages/manage-orgs-page';

// Runs in the phone project only (390×844, touch): what a narrow screen changes.

/** Asserts that nothing on the page reaches past the right edge of the screen. */
/** A mobile browser widens its layout to fit content that overflows, so the page is measured
 * against the screen, not against `window.innerWidth`. */
async function expectNoSidewaysScrolling(page: Page) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Asserts that `box` lies inside the screen's width. */
function expectOnScreen(page: Page, box: { x: number; width: number } | null) {
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test('the sign-in page fits the screen', { tag: '@phone' }, async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSidewaysScrolling(page);
});

test.describe('signed in', () => {
  test.beforeEach(async ({ page }) => {
    await signInThroughApi(page);
  });

  for (const path of ['/', '/partner/orgs', '/partner/orgs/new', '/partner/statements', '/partner/activity', '/users', '/users/new', '/audit', '/settings/api-tokens', '/partner-access', '/my-orgs']) {
    test(`${path} fits the screen, with no sideways scrolling`, { tag: '@phone' }, async ({ page }) => {
      const shell = new AppShell(page);
      await shell.open(path);
      await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
      await expectNoSidewaysScrolling(page);
    });
  }

  test('the header keeps the menu, the org switcher and Sign out on screen; My organizations is in the menu', { tag: '@phone' }, async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open('/');
    for (const control of [shell.menuButton, shell.orgSwitcher, shell.signOut]) {
      await expect(control).toBeVisible();
      expectOnScreen(page, await control.boundingBox());
    }
    await expect(shell.banner.getByRole('link', { name: 'My organizations' })).toBeHidden();
    await shell.navigateTo('My organizations');
  });

  test('the navigation waits behind Menu, and following a link or Escape closes it', { tag: '@phone' }, async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open('/');
    await expect(shell.nav).toBeHidden();
    await expect(shell.menuButton).toHaveAttribute('aria-expanded', 'false');

    await shell.menuButton.click();
    await expect(shell.menuButton).toHaveAttribute('aria-expanded', 'true');
    await shell.navLink('Users').click();
    await expect(shell.heading).toHaveText('Users');
    await expect(shell.nav).toBeHidden();
    await expect(shell.menuButton).toHaveAttribute('aria-expanded', 'false');

    await shell.menuButton.click();
    await shell.navLink('Manage Organizations').focus();
    await page.keyboard.press('Escape');
    await expect(shell.nav).toBeHidden();
    await expect(shell.menuButton).toBeFocused();
  });

  test("each org is a block with its name first and its status on screen, and the headers still sort", { tag: '@phone' }, async ({ page }) => {
    const name = uniqueName('Phone Row');
    await createOrgThroughApi(page, { name, trialDays: 7 });
    const list = new ManageOrgsPage(page);
    await list.goto(`?q=${encodeURIComponent(name)}`);
    const row = list.row(name);
    const nameBox = await row.getByRole('link', { name }).boundingBox();
    const status = row.getByRole('cell').filter({ hasText: 'Awaiting first unlock' });
    await expect(status).toBeVisible();
    const statusBox = await status.boundingBox();
    expectOnScreen(page, statusBox);
    expect(statusBox!.y).toBeGreaterThan(nameBox!.y);
    await expectNoSidewaysScrolling(page);

    await list.columnHeader('Created').getByRole('button').click();
    await expect(page).toHaveURL(/sort=created/);
    await expect(list.columnHeader('Created')).toHaveAttribute('aria-sort', /ascending|descending/);
  });

  test('the subscription dialog fits the screen', { tag: '@phone' }, async ({ page }) => {
    const id = await createOrgThroughApi(page, { name: uniqueName('Phone Dialog'), trialDays: 7 });
    await page.goto(`/partner/orgs/${id}?tab=subscriptions`);
    await page.getByRole('button', { name: 'Change Your Subscription Plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change Your Subscription Plan' });
    await expect(dialog.getByLabel('Package Plan')).toBeFocused();
    expectOnScreen(page, await dialog.boundingBox());
    for (const control of [dialog.getByLabel('Package Plan'), dialog.getByRole('button', { name: 'Save' })]) {
      expectOnScreen(page, await control.boundingBox());
    }
  });
});
