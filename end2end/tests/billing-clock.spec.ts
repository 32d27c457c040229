import { expect, test } from '@playwright/test';
import { createOrgThroughApi, demo, latestMailTo, signInThroughApi } from '../fixtures/demo';

// This file runs against the server on a test clock (playwright.config.ts, project test-clock).
test.describe.configure({ mode: 'serial' });

const DAY = 24 * 60 * 60 * 1000;

test('moving the clock past the trial produces an invoice that shows the reference number', async ({ page }) => {
  await signInThroughApi(page);
  const id = await createOrgThroughApi(page, { name: 'Clockwork Storage', trialDays: 3, reference: 'PO-E2E-77', ap: 'ap@clockwork.example' });
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  await page.getByRole('button', { name: 'Bench-test unlock' }).click();
  await page.getByRole('dialog', { name: 'Start the trial now?' }).getByRole('button', { name: 'Unlock and start the trial' }).click();
  await expect(page.getByRole('main').getByRole('status').first()).toContainText('Trialing, 3 days left');
  await expect(page.getByRole('region', { name: 'Invoices' })).toContainText('No invoices yet.');

  const moved = await page.request.post('/api/v1/test/clock', {
    headers: { 'x-csrf-protection': '1' },
    data: { advanceMs: 3 * DAY + 60 * 60 * 1000 },
  });
  expect(moved.status()).toBe(200);
  expect((await moved.json()).invoicesIssued).toBe(1);

  // Three days on, the session has ended like any other.
  await signInThroughApi(page);
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Billing');
  const invoices = page.getByRole('region', { name: 'Invoices' });
  const link = invoices.getByRole('link', { name: /^INV-\d{4}-\d{6}$/ });
  await expect(link).toHaveCount(1);
  await expect(invoices).toContainText('$49.00');
  const number = await link.textContent();
  await link.click();

  const invoice = page.getByRole('article', { name: `Invoice ${number}` });
  await expect(invoice).toContainText('PO-E2E-77');
  await expect(invoice).toContainText('ap@clockwork.example');
  await expect(invoice).toContainText(`${demo.partnerOrg} (for Clockwork Storage)`);
  await expect(invoice).toContainText('Essentials plan, Monthly');
  await expect(invoice.getByRole('row', { name: /Total/ })).toContainText('$49.00');

  await page.getByRole('link', { name: 'Back to Clockwork Storage' }).click();
  await expect(page.getByRole('tab', { name: 'Billing' })).toHaveAttribute('aria-selected', 'true');

  await expect.poll(() => latestMailTo('ap@clockwork.example', process.env.E2E_CLOCK_DATA_DIR)).toContain(`Invoice ${number}`);
  expect(latestMailTo('ap@clockwork.example', process.env.E2E_CLOCK_DATA_DIR)).toContain('Reference: PO-E2E-77');
});
