import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createOrgThroughApi, csvRows, demo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { uniqueName } from '../pages/manage-orgs-page';

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

/** The audit log's filters and its table, on either log page. */
class AuditLogPage {
  readonly table;
  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Audit log entries' });
  }

  async filter(options: { action?: string; target?: string }) {
    const form = this.page.getByRole('search', { name: 'Filter the log' });
    if (options.action) await form.getByLabel('Action').selectOption({ label: options.action });
    if (options.target) await form.getByLabel('Target').fill(options.target);
    await form.getByRole('button', { name: 'Apply filters' }).click();
  }

  entry(n = 0) {
    return this.table.getByRole('row').nth(n + 1);
  }
}

test("the customer's audit log shows what its partner changed there, via the partner", async ({ page }) => {
  const name = uniqueName('Audit Trail Co');
  const id = await createOrgThroughApi(page, { name, trialDays: 5, linkDemoLogin: true });
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  await page.getByLabel('Reference Number').fill('PO-AUDIT-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('main').getByRole('status').first()).toContainText('Saved changes');

  const shell = new AppShell(page);
  const log = new AuditLogPage(page);
  await shell.navigateTo('Activity');
  await log.filter({ target: name });
  await expect(page).toHaveURL(/\/partner\/activity\?target=/);
  await expect(log.entry(0)).toContainText('Edited billing');
  await expect(log.entry(0)).toContainText('referenceNumber: (none) → PO-AUDIT-1');
  await expect(log.entry(1)).toContainText('Created the organization');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('partner-activity.csv');
  const csv = csvRows(readFileSync(await download.path(), 'utf8'));
  expect(csv[0]).toEqual(['When', 'Who', 'Namespace', 'Via', 'Organization', 'Action', 'Target', 'Changes']);
  expect(csv.filter((row) => row.some((cell) => cell.includes(name)))).toHaveLength(2);
  expect(csv[1]).toContain('Edited billing');

  await shell.switchOrg(name);
  await shell.navigateTo('Audit log');
  await log.filter({ action: 'Edited billing' });
  await expect(page).toHaveURL('/audit?action=billing_edited');
  await expect(log.table.getByRole('row')).toHaveCount(2);
  await expect(log.entry(0)).toContainText(demo.email);
  await expect(log.entry(0)).toContainText('via Northwind Security');
  await page.reload();
  await expect(page.getByRole('search', { name: 'Filter the log' }).getByLabel('Action')).toHaveValue('billing_edited');
  await expect(log.table.getByRole('row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL('/audit');
  await expect(log.table.getByRole('row').filter({ hasText: 'Switched into the organization' }).first()).toBeVisible();
});

test('the log pages have no accessibility violations', async ({ page }) => {
  await createOrgThroughApi(page, { name: uniqueName('Axe Audit Co'), trialDays: 3 });
  for (const path of ['/audit', '/partner/activity']) {
    await page.goto(path);
    await expect(page.getByRole('table', { name: 'Audit log entries' })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, path).toEqual([]);
  }
});
