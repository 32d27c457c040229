import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createOrgThroughApi, demo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { uniqueName } from '../pages/manage-orgs-page';

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

const csrf = { 'x-csrf-protection': '1' };

/** A new customer org where the demo login is a Super Admin; with `colleague`, the partner's
 *  consultant login is an active Super Admin there too. */
async function orgWithDemoLogin(page: Page, colleague: boolean) {
  const name = uniqueName('Member Co');
  const id = await createOrgThroughApi(page, { name, trialDays: 4, linkDemoLogin: true });
  if (colleague) {
    expect((await page.request.put('/api/v1/session/org', { headers: csrf, data: { orgId: id } })).status()).toBe(200);
    const added = await page.request.post('/api/v1/users', {
      headers: csrf,
      data: {
        firstName: 'Alex', lastName: 'Morgan', email: demo.consultantEmail, useExistingNamespace: true,
        namespace: 'org:northwind-security', portalAccess: true, roles: ['super_admin'],
      },
    });
    expect(added.status()).toBe(201);
    const me = await page.request.get('/api/v1/me');
    const home = (await me.json()).orgs.find((org: { name: string }) => org.name === demo.partnerOrg);
    expect((await page.request.put('/api/v1/session/org', { headers: csrf, data: { orgId: home.id } })).status()).toBe(200);
  }
  return name;
}

test('leaving an org asks first, then the org is gone from the list and the switcher', async ({ page }) => {
  const name = await orgWithDemoLogin(page, true);
  await page.goto('/');
  const shell = new AppShell(page);
  await shell.banner.getByRole('link', { name: 'My organizations' }).click();
  await expect(shell.heading).toHaveText('My organizations');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Super Admin');
  await expect(page.getByRole('row').filter({ hasText: demo.partnerOrg })).toContainText('Working here');
  await expect(shell.orgSwitcher.getByRole('option', { name })).toHaveCount(1);

  await row.getByRole('button', { name: `Leave ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave this organization?' });
  await expect(dialog).toContainText(`You lose access to ${name} until someone there adds you again.`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Leave ${name}` })).toBeFocused();

  await row.getByRole('button', { name: `Leave ${name}` }).click();
  await dialog.getByRole('button', { name: 'Leave organization' }).click();
  await expect(page.getByRole('main').getByRole('status').first()).toHaveText(`You left ${name}.`);
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await expect(shell.orgSwitcher.getByRole('option', { name })).toHaveCount(0);
});

test('the last active Super Admin is told why they cannot leave, and stays', async ({ page }) => {
  const name = await orgWithDemoLogin(page, false);
  await page.goto('/my-orgs');
  const row = page.getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: `Leave ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave this organization?' });
  await dialog.getByRole('button', { name: 'Leave organization' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`You are the last active Super Admin of ${name}.`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(1);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
