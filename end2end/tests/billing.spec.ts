import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createOrgThroughApi, demo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { uniqueName } from '../pages/manage-orgs-page';

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

test('the plan changes in a modal that keeps focus, and the tab shows the new plan and its history', { tag: '@phone' }, async ({ page }) => {
  const id = await createOrgThroughApi(page, { name: uniqueName('Plan Change Co'), trialDays: 14 });
  await page.goto(`/partner/orgs/${id}?tab=subscriptions`);
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText('Essentials');
  await expect(panel).toContainText('After the trial, which starts at the first unlock');
  const open = page.getByRole('button', { name: 'Change Your Subscription Plan' });

  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Change Your Subscription Plan' });
  await expect(dialog).toBeVisible();
  // A modal <dialog> makes the rest of the page inert: nothing behind it takes clicks or focus.
  expect(await dialog.evaluate((node) => node.matches(':modal'))).toBe(true);
  await expect(dialog.getByLabel('Package Plan')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();

  await open.click();
  for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
  expect(await dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByLabel('Package Plan').selectOption({ label: 'Professional' });
  await dialog.getByLabel('Currency').selectOption('CAD');
  await dialog.getByLabel('Plan Length').selectOption({ label: '1 year' });
  await expect(dialog.getByRole('status')).toHaveText('New price: CA$1,740.00 per year');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(panel).toContainText('Subscription changed to Professional, CAD, 1 year.');
  await expect(panel.getByRole('definition').first()).toHaveText('Professional');
  await expect(panel.getByRole('definition').nth(3)).toHaveText('CA$1,740.00 per year');
  const history = panel.getByRole('table', { name: 'Subscription changes' });
  await expect(history.getByRole('row').nth(1)).toContainText('Essentials, USD, Monthly');
  await expect(history.getByRole('row').nth(1)).toContainText('Professional, CAD, 1 year');
});

test('a bench-test unlock turns an org to trialing with its days left', async ({ page }) => {
  const name = uniqueName('Bench Test Co');
  const id = await createOrgThroughApi(page, { name, trialDays: 9 });
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  await expect(page.getByRole('main')).toContainText('Awaiting first unlock');
  await expect(page.getByRole('main')).toContainText('Not started: the 9-day trial starts at the first unlock.');
  await expect(page.getByRole('textbox', { name: 'Initial Trial Period' })).toHaveValue('9');
  await page.getByRole('button', { name: 'Bench-test unlock' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start the trial now?' });
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(
    dialog.getByText(new RegExp(`^This starts the 9-day trial of ${escaped} now; billing begins on .+\\. This cannot be undone\\.$`)),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('main')).toContainText('Awaiting first unlock');

  await page.getByRole('button', { name: 'Bench-test unlock' }).click();
  await dialog.getByRole('button', { name: 'Unlock and start the trial' }).click();
  await expect(page.getByRole('main').getByRole('status').first()).toContainText('The trial has started: Trialing, 9 days left.');
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Trialing, 9 days left');
  // Started once: the section says so instead of offering the unlock again.
  const bench = page.getByRole('region', { name: 'Bench testing' });
  await expect(bench).toContainText('The trial has started: a bench-test unlock no longer changes anything.');
  await expect(page.getByRole('main')).toContainText(/Started .+ by Bench test by Dana Whitaker, ends .+/);
  await expect(bench.getByRole('button', { name: 'Bench-test unlock' })).toHaveCount(0);
  // Its length is fixed now: shown as text, no longer a field to edit.
  await expect(page.getByRole('group', { name: 'Initial Trial Period' })).toContainText('9 days');
  await expect(page.getByRole('textbox', { name: 'Initial Trial Period' })).toHaveCount(0);

  await page.goto(`/partner/orgs?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Trialing, 9 days left');
});

test('an API token is shown once, reports an unlock, and is refused once revoked', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const name = uniqueName('Token Co');
  const id = await createOrgThroughApi(page, { name, trialDays: 5, linkDemoLogin: true });
  // The customer org's own Super Admin (here the partner's linked login) manages its tokens.
  const shell = new AppShell(page);
  await shell.open('/');
  await shell.switchOrg(name);
  await page.goto('/settings/api-tokens');
  await page.getByLabel('Token name').fill('Bench controller');
  await page.getByRole('button', { name: 'Create token' }).click();
  const created = page.getByRole('region', { name: /Token “Bench controller” created/ });
  await expect(created).toBeVisible();
  await created.getByRole('button', { name: 'Copy token' }).click();
  const token = await page.evaluate(() => navigator.clipboard.readText());
  expect(token).toMatch(/^pc_/);
  const table = page.getByRole('table', { name: 'API tokens' });
  await expect(table).toContainText('Never used');

  const report = await page.request.post('/api/v1/unlocks', { headers: { authorization: `Bearer ${token}` }, data: { door: 'Front' } });
  expect(report.status()).toBe(200);
  expect((await report.json()).startedTrial).toBe(true);
  await page.reload();
  await expect(table).toContainText('Last used');

  // Revoking asks first, in the app's own dialog (no browser pop-up); Cancel keeps the token.
  let browserDialogs = 0;
  page.on('dialog', (dialog) => {
    browserDialogs += 1;
    void dialog.dismiss();
  });
  const revoke = table.getByRole('button', { name: 'Revoke Bench controller' }).first();
  await revoke.click();
  const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
  await expect(confirm).toContainText('Devices using “Bench controller” can no longer report unlocks.');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(revoke).toBeFocused();
  await expect(table.getByRole('row').filter({ hasText: 'Bench controller' }).first()).not.toContainText('Revoked');
  await revoke.click();
  await confirm.getByRole('button', { name: 'Revoke token' }).click();
  await expect(table.getByRole('row').filter({ hasText: 'Bench controller' }).first()).toContainText('Revoked');
  expect(browserDialogs).toBe(0);
  const refused = await page.request.post('/api/v1/unlocks', { headers: { authorization: `Bearer ${token}` }, data: {} });
  expect(refused.status()).toBe(401);

  await shell.switchOrg(demo.partnerOrg);
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  await expect(page.getByRole('main')).toContainText('Trialing, 5 days left');
});

test('the subscription dialog has no accessibility violations', { tag: '@phone' }, async ({ page }) => {
  const id = await createOrgThroughApi(page, { name: uniqueName('Axe Plan Co'), trialDays: 3 });
  await page.goto(`/partner/orgs/${id}?tab=subscriptions`);
  await page.getByRole('button', { name: 'Change Your Subscription Plan' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('up to five AP emails are added and removed in place, a repeat is refused beside it, and they save', async ({ page }) => {
  const id = await createOrgThroughApi(page, { name: uniqueName('AP Emails Co'), trialDays: 14, ap: 'ap@apemails.example' });
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  const panel = page.getByRole('tabpanel');
  const address = (n: number) => panel.getByLabel(n === 1 ? 'Accounts Payable Email' : `Accounts Payable Email ${n}`, { exact: true });
  const add = panel.getByRole('button', { name: 'Add another AP email' });
  await expect(address(1)).toHaveValue('ap@apemails.example');

  await add.click();
  await expect(address(2)).toBeFocused();
  await address(2).fill('AP@ApEmails.example');
  await address(2).blur();
  await expect(address(2)).toHaveAttribute('aria-invalid', 'true');
  await expect(address(2)).toHaveAccessibleDescription('This address is already listed.');
  await address(2).fill('billing@apemails.example');
  // The message goes as the address is corrected, not only when focus leaves.
  await expect(address(2)).toHaveAttribute('aria-invalid', 'false');
  for (const n of [3, 4, 5]) {
    await add.click();
    await address(n).fill(`ap${n}@apemails.example`);
  }
  await expect(add).toHaveCount(0);
  expect((await new AxeBuilder({ page }).include('[role=tabpanel]').analyze()).violations).toEqual([]);

  await panel.getByRole('button', { name: 'Remove Accounts Payable Email 3' }).click();
  await expect(add).toBeFocused();
  await expect(address(3)).toHaveValue('ap4@apemails.example');
  await expect(address(5)).toHaveCount(0);
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('main')).toContainText('Saved changes to AP Emails Co');

  await page.reload();
  await expect(address(2)).toHaveValue('billing@apemails.example');
  await expect(address(3)).toHaveValue('ap4@apemails.example');
  await expect(address(4)).toHaveValue('ap5@apemails.example');
  await expect(address(5)).toHaveCount(0);
});

test('clicking Add another AP email again at once adds a second row, and empty rows are left out on Save', { tag: '@phone' }, async ({ page }) => {
  const id = await createOrgThroughApi(page, { name: uniqueName('AP Rows Co'), trialDays: 14, ap: 'ap@aprows.example' });
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  const panel = page.getByRole('tabpanel');
  const address = (n: number) => panel.getByLabel(`Accounts Payable Email ${n}`, { exact: true });
  const add = panel.getByRole('button', { name: 'Add another AP email' });
  await add.click();
  await expect(address(2)).toBeFocused();
  // Leaving the new, untouched row for the button must not put a message above the button.
  await add.click();
  await expect(address(3)).toBeFocused();
  await expect(address(2)).toHaveAttribute('aria-invalid', 'false');
  await expect(panel).not.toContainText('This field is required.');
  await address(3).fill('payables@aprows.example');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('main')).toContainText('Saved changes to AP Rows Co');

  await page.reload();
  await expect(address(2)).toHaveValue('payables@aprows.example');
  await expect(address(3)).toHaveCount(0);
});
