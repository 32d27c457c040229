import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createOrgThroughApi, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { ManageOrgsPage, uniqueName } from '../pages/manage-orgs-page';

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

test("a partner's home shows the trial ending in 3 days, and its counts open the filtered list", async ({ page }) => {
  const name = uniqueName('Ending Soon');
  const id = await createOrgThroughApi(page, { name, trialDays: 3, ap: 'ap@ending-soon.example' });
  const unlocked = await page.request.post(`/api/v1/partner/orgs/${id}/bench-unlock`, {
    headers: { 'x-csrf-protection': '1' },
  });
  expect(unlocked.status()).toBe(200);

  const shell = new AppShell(page);
  await shell.open('/');
  const ending = page.getByRole('region', { name: 'Trials ending in the next 7 days' });
  const row = ending.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toContainText('(in 3 days)');
  await expect(row).toContainText('Essentials');
  await expect(row).toContainText('$49.00 per month');
  await expect(row).toContainText('ap@ending-soon.example');
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText(name);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  const trialing = page.getByRole('region', { name: 'Your customers' }).getByRole('link', { name: /^Trialing: \d+$/ });
  await trialing.click();
  await expect(shell.heading).toHaveText('Manage Organizations');
  await expect(page).toHaveURL(/[?&]state=trialing/);
  const list = new ManageOrgsPage(page);
  await expect(list.filter('State')).toHaveValue('trialing');
  await list.searchFor(name);
  await expect(list.row(name)).toContainText('Trialing, 3 days left');
});
