import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { advanceClock, consoleLinks, createOrgThroughApi, csvRows, demo, latestMailTo, mailsTo, signInThroughApi } from '../fixtures/demo';

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

  expect((await advanceClock(page, 3 * DAY + 60 * 60 * 1000)).invoicesIssued).toBe(1);

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
  const invoiceMail = latestMailTo('ap@clockwork.example', process.env.E2E_CLOCK_DATA_DIR)!;
  expect(invoiceMail).toContain('Reference: PO-E2E-77');
  // Its reader is the customer's accounts payable: the invoice is all there, with whom to ask.
  expect(consoleLinks(invoiceMail)).toEqual([]);
  expect(invoiceMail).toContain(`Questions about this invoice: contact ${demo.partnerOrg}, who manages this account.`);
});

test('a partner extends a running trial once, with a reason, and the reminders sent are listed', async ({ page }) => {
  await signInThroughApi(page);
  const name = 'Extended Pilot Co';
  const id = await createOrgThroughApi(page, { name, trialDays: 5, ap: 'ap@extended-pilot.example' });
  const unlocked = await page.request.post(`/api/v1/partner/orgs/${id}/bench-unlock`, { headers: { 'x-csrf-protection': '1' } });
  expect(unlocked.status()).toBe(200);
  await page.goto(`/partner/orgs/${id}?tab=billing`);

  const extend = page.getByRole('region', { name: 'Extend trial' });
  const days = extend.getByLabel('Extend by (days)');
  await days.fill('20');
  await days.blur();
  await expect(days).toHaveAccessibleDescription('Enter a whole number from 1 to 14.');
  await days.fill('4');
  await expect(extend).toContainText(/The trial would then end on .+\./);
  await extend.getByRole('button', { name: 'Extend trial' }).click();
  await expect(extend.getByLabel('Reason')).toHaveAccessibleDescription(/This field is required\./);
  await extend.getByLabel('Reason').fill('Second site opens late');
  await extend.getByRole('button', { name: 'Extend trial' }).click();
  await expect(page.getByRole('main').getByRole('status').first()).toContainText(/The trial is extended by 4 days: it now ends on .+\./);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Trialing, 9 days left');
  await expect(extend).toContainText(/Extended by 4 days on .+ by Dana Whitaker: “Second site opens late”\. A trial can be extended once\./);
  await expect(extend.getByRole('button', { name: 'Extend trial' })).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText(/Started .+ by Bench test by Dana Whitaker, ends .+ \(extended by 4 days\)/);
  await expect(page.getByRole('region', { name: 'Trial reminders' })).toContainText('None sent yet.');

  // Nine days left; two days on, the 7-day reminder goes out.
  expect((await advanceClock(page, 2 * DAY + 60 * 60 * 1000)).remindersSent).toBeGreaterThanOrEqual(1);

  await signInThroughApi(page);
  await page.goto(`/partner/orgs/${id}?tab=billing`);
  const reminders = page.getByRole('table', { name: 'Trial reminders sent' });
  await expect(reminders.getByRole('row')).toHaveCount(2);
  await expect(reminders).toContainText(/7 days before the end \(.+\)/);
  await expect(reminders).toContainText('ap@extended-pilot.example');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await expect
    .poll(() => latestMailTo('ap@extended-pilot.example', process.env.E2E_CLOCK_DATA_DIR))
    .toContain(`The trial of ${name} ends on`);
  // Accounts payable has no console to open: the mail says what happens and whom to ask.
  const toPayables = latestMailTo('ap@extended-pilot.example', process.env.E2E_CLOCK_DATA_DIR)!;
  expect(consoleLinks(toPayables)).toEqual([]);
  expect(toPayables).toContain(`Nothing needs doing now. Questions about the plan or the invoices: contact ${demo.partnerOrg}`);
  // The partner's Super Admins get the link to the org's Subscriptions tab, and it opens there.
  const subject = `Subject: Trial of ${name} ends in 7 days`;
  const toPartner = mailsTo(demo.email, process.env.E2E_CLOCK_DATA_DIR).find((mail) => mail.includes(subject))!;
  const links = consoleLinks(toPartner);
  expect(links).toEqual([`/partner/orgs/${id}?tab=subscriptions`]);
  await page.goto(links[0]);
  await expect(page.getByRole('tab', { name: 'Subscriptions' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Subscription changes' })).toBeVisible();
  await page.goto(`/partner/orgs/${id}?tab=billing`);

  await page.getByRole('tab', { name: 'Subscriptions' }).click();
  const history = page.getByRole('table', { name: 'Subscription changes' });
  await expect(history.getByRole('row').nth(1)).toContainText(/Trial ends .+ \(extended by 4 days: Second site opens late\)/);
});

test('the statement of the month lists a new invoice with the totals, and prints and exports it', async ({ page }) => {
  await signInThroughApi(page);
  const name = 'Statement Harbor Co';
  const id = await createOrgThroughApi(page, { name, trialDays: 1, reference: 'PO-STMT-5' });
  const unlocked = await page.request.post(`/api/v1/partner/orgs/${id}/bench-unlock`, { headers: { 'x-csrf-protection': '1' } });
  expect(unlocked.status()).toBe(200);
  expect((await advanceClock(page, DAY + 60 * 60 * 1000)).invoicesIssued).toBeGreaterThanOrEqual(1);

  await signInThroughApi(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statements' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statements');
  const statement = page.getByRole('region', { name: /^Statement for / });
  const invoices = statement.getByRole('table', { name: 'Invoices' });
  const row = invoices.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('PO-STMT-5');
  await expect(row).toContainText('$49.00');
  const number = (await row.getByRole('link', { name: /^INV-/ }).textContent())!;
  const month = await page.getByLabel('Month').inputValue();
  expect(month).toMatch(/^\d{4}-\d{2}$/);
  await expect(statement.getByRole('table', { name: 'Totals by currency' }).getByRole('row', { name: /^USD/ })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`statement-${month}.csv`);
  const csv = readFileSync((await file.path())!, 'utf8');
  const rows = csvRows(csv);
  expect(rows[0]).toEqual([
    'Invoice number', 'Issued', 'Organization', 'Organization ID', 'Reference number', 'Package Plan', 'Plan Length',
    'Period start', 'Period end', 'Currency', 'Amount', 'Invoice ID',
  ]);
  const line = rows.find((row) => row[0] === number)!;
  expect(line.slice(2, 7)).toEqual([name, id, 'PO-STMT-5', 'Essentials', 'Monthly']);

  await page.evaluate(() => {
    (window as unknown as { printed: boolean }).printed = false;
    window.print = () => {
      (window as unknown as { printed: boolean }).printed = true;
    };
  });
  await page.getByRole('button', { name: 'Print' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: boolean }).printed)).toBe(true);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(row).toBeVisible();
});
