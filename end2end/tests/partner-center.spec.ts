import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createOrgThroughApi, csvRows, demo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { AddOrgPage, ManageOrgsPage, uniqueName } from '../pages/manage-orgs-page';

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page);
});

function createRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/v1/partner/orgs')) seen.push(request.url());
  });
  return seen;
}

/** GETs of one org's detail, which the org page loads. */
function detailReads(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'GET' && /\/api\/v1\/partner\/orgs\/[^/?]+$/.test(request.url())) seen.push(request.url());
  });
  return seen;
}

test("the guide's Add Org steps create an org that is listed as awaiting first unlock", { tag: '@phone' }, async ({ page }) => {
  const shell = new AppShell(page);
  await shell.open('/');
  // Go to Partner Center > Manage Organizations; click Add Org (+).
  await shell.navigateTo('Manage Organizations');
  const list = new ManageOrgsPage(page);
  await list.addOrg.click();
  await expect(shell.heading).toHaveText('Add Org');

  // Organization Information: name and the Super Admin's info.
  const form = new AddOrgPage(page);
  const name = uniqueName('Lakeside Clinic');
  await form.name.fill(name);
  await form.firstName.fill('Jordan');
  await form.lastName.fill('Reyes');
  await form.email.fill('jordan.reyes@lakeside.example');
  await expect(form.existingNamespace).not.toBeChecked();
  await expect(form.namespace).toHaveCount(0);
  // Hierarchy: the partner's own org, assigned automatically.
  // Read-only values are text, not inputs: no tab stop, nothing that looks editable.
  await expect(form.parentOrg).toContainText(demo.partnerOrg);
  await expect(form.parentOrg.getByRole('textbox')).toHaveCount(0);
  // Billing: mode selected automatically; AP email; trial 1-21 days; optional reference.
  await expect(form.billingMode).toContainText('Invoice the partner');
  await expect(form.billingMode.getByRole('textbox')).toHaveCount(0);
  await form.apEmail.fill('ap@lakeside.example');
  await form.trialPeriod.fill('21');
  await form.referenceNumber.fill('PO-9001');
  const reads = detailReads(page);
  await form.save.click();

  await expect(shell.heading).toHaveText(name);
  const created = page.getByRole('main').getByRole('status').first();
  await expect(created).toContainText(
    `${name} was created. Its Super Admin, jordan.reyes@lakeside.example, was invited by mail to set a password and sign in.`,
  );
  // Focus follows the outcome of Save: the notice, not the new page's heading.
  await expect(created.getByText(`${name} was created.`)).toBeFocused();
  await expect(page.getByRole('main')).toContainText('Awaiting first unlock');
  // The page shows Save's answer: it does not ask for the org it was just given.
  expect(reads).toEqual([]);

  await page.getByRole('link', { name: 'Manage Organizations' }).first().click();
  await list.searchFor(name);
  const row = list.row(name);
  await expect(row).toContainText('Jordan Reyes');
  await expect(row).toContainText('jordan.reyes@lakeside.example');
  await expect(row).toContainText('Awaiting first unlock');
  await expect(row).toContainText('Essentials');
});

test('tabs pasted at either end of a field are trimmed like spaces and the org saves', async ({ page }) => {
  await page.goto('/partner/orgs/new');
  const form = new AddOrgPage(page);
  const name = uniqueName('Pasted Tabs Co');
  await form.fill({ name: `\t${name}\t`, first: '\tJordan', last: 'Reyes\t', email: 'jordan@pasted.example', ap: 'ap@pasted.example', trial: '7', reference: '\tPO-7\t' });
  await form.name.blur();
  await expect(form.name).toHaveAttribute('aria-invalid', 'false');
  await form.save.click();
  await expect(new AppShell(page).heading).toHaveText(name);
  await expect(page.getByRole('main').getByRole('status').first()).toContainText(`${name} was created.`);
});

for (const days of ['0', '22']) {
  test(`a trial of ${days} days is refused beside the field and sends no request`, async ({ page }) => {
    const requests = createRequests(page);
    await page.goto('/partner/orgs/new');
    const form = new AddOrgPage(page);
    await form.fill({ name: uniqueName('Trial Edge'), first: 'A', last: 'B', email: 'a@b.example', ap: 'ap@b.example', trial: days });
    await form.save.click();
    await expect(form.trialPeriod).toHaveAttribute('aria-invalid', 'true');
    await expect(form.trialPeriod).toHaveAccessibleDescription(/Enter a whole number of days from 1 to 21\./);
    await expect(form.trialPeriod).toBeFocused();
    await expect(new AppShell(page).heading).toHaveText('Add Org');
    expect(requests).toEqual([]);
  });
}

test('a refused Save lists every problem at the top, each a link to its field, and a fixed field leaves the list', async ({ page }) => {
  const requests = createRequests(page);
  await page.goto('/partner/orgs/new');
  const form = new AddOrgPage(page);
  await form.name.fill(uniqueName('Summary Co'));
  await form.save.click();
  const summary = page.getByRole('region', { name: /need attention$/ });
  await expect(summary.getByRole('heading')).toHaveText('5 fields need attention');
  await expect(summary.getByRole('link')).toHaveText([
    /^First Name: /,
    /^Last Name: /,
    /^Email: /,
    /^Accounts Payable Email: /,
    "Initial Trial Period: This field is required.",
  ]);
  // Focus is on the first field to fix; the summary's links go to any other.
  await expect(form.firstName).toBeFocused();
  await summary.getByRole('link', { name: /^Initial Trial Period/ }).click();
  await expect(form.trialPeriod).toBeFocused();
  await form.trialPeriod.fill('14');
  await expect(summary.getByRole('heading')).toHaveText('4 fields need attention');
  await expect(summary.getByRole('link', { name: /^Initial Trial Period/ })).toHaveCount(0);
  await form.firstName.fill('Jordan');
  await form.lastName.fill('Reyes');
  await form.email.fill('jordan@summary.example');
  await form.apEmail.fill('ap@summary.example');
  await expect(summary).toHaveCount(0);
  // Once everything is right, a slip in one field shows beside it only, until the next Save.
  await form.email.fill('not an address');
  await form.referenceNumber.focus();
  await expect(form.email).toHaveAttribute('aria-invalid', 'true');
  await expect(summary).toHaveCount(0);
  expect(requests).toEqual([]);
});

test('leaving a field shows its message, and fixing it clears it', async ({ page }) => {
  await page.goto('/partner/orgs/new');
  const form = new AddOrgPage(page);
  await form.apEmail.fill('not an email');
  await form.trialPeriod.focus();
  await expect(form.apEmail).toHaveAccessibleDescription(/Enter a valid email address/);
  await form.apEmail.fill('ap@lakeside.example');
  await form.trialPeriod.focus();
  await expect(form.apEmail).toHaveAttribute('aria-invalid', 'false');
});

test("the server's per-field answer appears beside the same field", async ({ page }) => {
  await page.goto('/partner/orgs/new');
  const form = new AddOrgPage(page);
  await form.fill({ name: 'harbor view DENTAL', first: 'A', last: 'B', email: 'a@b.example', ap: 'ap@b.example', trial: '7' });
  await form.save.click();
  await expect(form.name).toHaveAccessibleDescription(/An organization with this name already exists among your customers\./);
  await expect(form.name).toBeFocused();
});

test("a login of the partner's own namespace is checked on the server and a typo is explained", async ({ page }) => {
  await page.goto('/partner/orgs/new');
  const form = new AddOrgPage(page);
  await form.fill({ name: uniqueName('Linked Org'), first: 'Dana', last: 'Whitaker', email: 'dana.typo@northwind-security.example', ap: 'ap@b.example', trial: '7' });
  await form.existingNamespace.check();
  await form.namespace.fill('org:northwind-security');
  await form.save.click();
  await expect(form.namespace).toHaveAccessibleDescription(/No login with this email exists in that namespace\./);

  await form.email.fill(demo.email);
  await form.save.click();
  await expect(new AppShell(page).heading).not.toHaveText('Add Org');
  await expect(page.getByRole('main')).toContainText('Dana Whitaker');
});

test('search, sort and page live in the URL, so reload and back keep the view', async ({ page }) => {
  const list = new ManageOrgsPage(page);
  await list.goto();
  await list.searchFor('harbor');
  await expect(page).toHaveURL(/\/partner\/orgs\?q=harbor$/);
  await expect(list.row('Harbor View Dental')).toBeVisible();
  await expect(list.row('Summit Ridge Apartments')).toHaveCount(0);

  await page.reload();
  await expect(list.search).toHaveValue('harbor');
  await expect(list.row('Harbor View Dental')).toBeVisible();

  await list.goto();
  // The list opens with what needs attention first, and its header says so.
  await expect(list.columnHeader('Status')).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.columnHeader('Status')).toContainText('needs attention first');
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'none');
  await list.columnHeader('Name').getByRole('button').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.columnHeader('Status')).not.toContainText('needs attention first');
  await list.columnHeader('Name').getByRole('button').click();
  await expect(page).toHaveURL(/order=desc/);
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'descending');
  await list.columnHeader('Created').getByRole('button').click();
  await expect(page).toHaveURL(/sort=created/);
  await expect(list.columnHeader('Created')).toHaveAttribute('aria-sort', 'ascending');
  await page.goBack();
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'descending');

  await page.getByLabel('Rows per page').selectOption('25');
  await expect(page).toHaveURL(/size=25/);
  await expect(list.summary).toContainText('Showing 1–');
  const pagination = page.getByRole('navigation', { name: 'Pagination' });
  await expect(pagination.getByRole('button', { name: 'Previous page', exact: true })).toBeDisabled();
  await list.searchFor('harbor');
  await expect(list.summary).toHaveText(/^Showing 1–\d+ of \d+ matching \(\d+ in all\)$/);
  await expect(pagination.getByRole('button', { name: 'Next page', exact: true })).toBeDisabled();
});

test('a row opens its org, whose tabs work by keyboard and whose namespace copies', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const list = new ManageOrgsPage(page);
  await list.goto('?q=maple');
  await list.row('Maple Street Library').getByRole('cell').nth(3).click();
  const shell = new AppShell(page);
  await expect(shell.heading).toHaveText('Maple Street Library');

  const info = page.getByRole('tab', { name: 'Organization Information' });
  await expect(info).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Copy namespace' }).click();
  await expect(new AppShell(page).toast).toHaveText('Copied org:maple-street-library');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('org:maple-street-library');

  await info.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Billing' })).toBeFocused();
  await expect(page).toHaveURL(/tab=billing/);
  await expect(page.getByLabel('Accounts Payable Email', { exact: true })).toHaveValue('finance@maplestreetlibrary.example');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tabpanel')).toContainText('Essentials');
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Subscriptions' })).toHaveAttribute('aria-selected', 'true');
});

test("a row's actions copy its namespace in place and switch into an org the person belongs to", { tag: '@phone' }, async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const shell = new AppShell(page);
  const list = new ManageOrgsPage(page);
  await list.goto('?q=maple');
  const maple = list.row('Maple Street Library');
  await expect(maple).toContainText('org:maple-street-library');
  await maple.getByRole('button', { name: 'Copy namespace of Maple Street Library' }).click();
  await expect(shell.toast).toHaveText('Copied org:maple-street-library');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('org:maple-street-library');
  // The button copies without opening the row.
  await expect(shell.heading).toHaveText('Manage Organizations');
  // The demo partner's login is no member of Maple Street Library: nothing to switch to.
  await expect(maple.getByRole('button', { name: /^Switch to/ })).toHaveCount(0);

  await list.goto(`?q=${encodeURIComponent(demo.linkedCustomerOrg)}`);
  await list.row(demo.linkedCustomerOrg).getByRole('button', { name: `Switch to ${demo.linkedCustomerOrg}` }).click();
  await expect(page.getByRole('main')).toContainText(`You are working in ${demo.linkedCustomerOrg}`);
  await expect(page).toHaveURL(/\/$/);
  await expect(shell.orgSwitcher.locator('option:checked')).toHaveText(demo.linkedCustomerOrg);
});

test('a stale edit gets a conflict message and the current values', async ({ page, context }) => {
  const name = uniqueName('Conflict Co');
  await page.goto('/partner/orgs/new');
  const form = new AddOrgPage(page);
  await form.fill({ name, first: 'A', last: 'B', email: 'a@conflict.example', ap: 'ap@conflict.example', trial: '5' });
  await form.save.click();
  await expect(new AppShell(page).heading).toHaveText(name);
  const url = page.url();

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByLabel('Organization Name')).toHaveValue(name);

  await page.getByLabel('Organization Name').fill(`${name} Renamed`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('main')).toContainText(`Saved changes to ${name} Renamed.`);

  await other.getByLabel('Organization Name').fill(`${name} Other`);
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByRole('main').getByRole('alert').first()).toContainText('Someone else changed this organization');
  await expect(other.getByLabel('Organization Name')).toHaveValue(`${name} Renamed`);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(`${name} Renamed`);
});

for (const path of ['/partner/orgs', '/partner/orgs/new']) {
  test(`an axe scan of ${path} finds no violations`, { tag: '@phone' }, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });
}

test('an axe scan of an org page finds no violations', { tag: '@phone' }, async ({ page }) => {
  const list = new ManageOrgsPage(page);
  await list.goto('?q=summit');
  await list.row('Summit Ridge Apartments').getByRole('link').click();
  await expect(page.getByRole('tab', { name: 'Billing' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('filters narrow the list, live in the URL with the search, and clear at once', async ({ page }) => {
  const stem = uniqueName('Filter');
  const trialing = `${stem} Trialing`;
  const awaiting = `${stem} Awaiting`;
  const trialingId = await createOrgThroughApi(page, { name: trialing, trialDays: 5 });
  await createOrgThroughApi(page, { name: awaiting, trialDays: 5 });
  const unlocked = await page.request.post(`/api/v1/partner/orgs/${trialingId}/bench-unlock`, {
    headers: { 'x-csrf-protection': '1' },
  });
  expect(unlocked.status()).toBe(200);

  const list = new ManageOrgsPage(page);
  await list.goto(`?q=${encodeURIComponent(stem)}`);
  await expect(list.row(trialing)).toHaveCount(1);
  await expect(list.row(awaiting)).toContainText('Not started');
  await list.filter('State').selectOption({ label: 'Trialing' });
  await expect(page).toHaveURL(/[?&]state=trialing/);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(list.row(awaiting)).toHaveCount(0);
  await expect(list.row(trialing)).toContainText('Trialing, 5 days left');
  await list.filter('Trial ends').selectOption({ label: 'Within 7 days' });
  await expect(page).toHaveURL(/[?&]trialEndsWithin=7/);
  await expect(list.row(trialing)).toHaveCount(1);

  // Export CSV is exactly this view, every page of it, with what the table leaves out.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('organizations.csv');
  const csv = csvRows(readFileSync(await download.path(), 'utf8'));
  expect(csv[0]).toEqual([
    'Name', 'Super Admin', 'Super Admin email', 'Status', 'Trial ends', 'Package Plan', 'Currency', 'Created', 'Namespace',
    'AP emails', 'Reference number', 'Organization ID',
  ]);
  expect(csv).toHaveLength(2);
  expect(csv[1][0]).toBe(trialing);
  expect(csv[1]).toContain('Trialing, 5 days left');
  expect(csv[1]).toContain(trialingId);

  await page.reload();
  await expect(list.filter('State')).toHaveValue('trialing');
  await expect(list.filter('Trial ends')).toHaveValue('7');
  await expect(list.row(trialing)).toHaveCount(1);
  await list.filter('Currency').selectOption('EUR');
  await expect(page.getByRole('heading', { name: 'Nothing to show' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`No organizations match “${stem}” with these filters.`);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/state=|currency=|trialEndsWithin=/);
  await expect(list.row(awaiting)).toHaveCount(1);
  await expect(list.row(trialing)).toHaveCount(1);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
