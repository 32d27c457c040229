import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { acceptInvitation, demo, mailsTo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { SignInPage } from '../pages/sign-in-page';
import { AddUserPage, UsersPage } from '../pages/users-page';

test("the guide's namespace-linking flow gives a partner's login a customer org", { tag: '@phone' }, async ({ browser }) => {
  const staff = `chris.park.${Math.random().toString(36).slice(2, 8)}@northwind-security.example`;
  const staffPassword = 'northwind field technician';

  // The partner's Super Admin adds a staff member to the partner org; they accept the invitation.
  const partnerContext = await browser.newContext();
  await partnerContext.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await partnerContext.newPage();
  await signInThroughApi(page);
  const users = new UsersPage(page);
  await users.goto();
  await users.addUser.click();
  const add = new AddUserPage(page);
  await add.firstName.fill('Chris');
  await add.lastName.fill('Park');
  await add.email.fill(staff);
  await expect(add.portalAccess).toHaveAttribute('aria-checked', 'true');
  await add.role('Super Admin').check();
  await add.save.click();
  await expect(page.getByRole('main')).toContainText('Chris Park was added. An invitation was sent.');
  await expect(page.getByText('Chris Park was added. An invitation was sent.')).toBeFocused();
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await acceptInvitation(staffPage, staff, staffPassword);
  await staffContext.close();

  // Users > locate the user > Filter Columns > Namespace > copy it.
  await users.goto();
  await expect(users.table.getByRole('columnheader', { name: 'Namespace' })).toHaveCount(0);
  await users.showColumn('Namespace');
  const row = users.row(staff);
  const shell = new AppShell(page);
  const rowBefore = await row.boundingBox();
  await row.getByRole('button', { name: 'Copy namespace' }).click();
  await expect(shell.toast).toHaveText('Copied org:northwind-security');
  const namespace = await page.evaluate(() => navigator.clipboard.readText());
  expect(namespace).toBe('org:northwind-security');
  // The confirmation is a toast: the row keeps its height.
  expect((await row.boundingBox())?.height).toBe(rowBefore?.height);

  // Switch to the customer's org; create a user with the staff email from the existing namespace,
  // with Portal Access and the Super Admin role.
  await shell.switchOrg(demo.linkedCustomerOrg);
  await users.goto();
  await users.addUser.click();
  await add.firstName.fill('Chris');
  await add.lastName.fill('Park');
  await add.email.fill(staff);
  await add.existingNamespace.check();
  await add.namespace.fill(namespace);
  await add.portalAccess.click();
  await expect(add.portalAccess).toHaveAttribute('aria-checked', 'false');
  await add.portalAccess.click();
  await expect(add.portalAccess).toHaveAttribute('aria-checked', 'true');
  await add.role('Super Admin').check();
  await add.save.click();
  await expect(page.getByRole('main')).toContainText('Chris Park was added. They can sign in with their existing login.');
  await partnerContext.close();

  // The staff member's one login now reaches both orgs.
  const laterContext = await browser.newContext();
  const later = await laterContext.newPage();
  const signIn = new SignInPage(later);
  await signIn.goto();
  await signIn.signIn(staff, staffPassword);
  const staffShell = new AppShell(later);
  await expect(staffShell.orgSwitcher.getByRole('option')).toHaveText([demo.linkedCustomerOrg, demo.partnerOrg]);
  await staffShell.switchOrg(demo.linkedCustomerOrg);
  await expect(later.getByRole('main')).toContainText(`You are working in ${demo.linkedCustomerOrg} as Super Admin.`);
  await laterContext.close();
});

test('a namespace that does not hold the email is explained beside the field', async ({ page }) => {
  await signInThroughApi(page);
  await page.goto('/users/new');
  const add = new AddUserPage(page);
  await add.firstName.fill('Nobody');
  await add.lastName.fill('Here');
  await add.email.fill('nobody.here@northwind-security.example');
  await add.existingNamespace.check();
  await add.namespace.fill('org:northwind-security');
  await add.save.click();
  await expect(add.namespace).toHaveAccessibleDescription(/No login with this email exists in that namespace\./);
  await expect(new AppShell(page).heading).toHaveText('Add User');
});

test('the column choice persists, and Escape closes the menu back onto its button', async ({ page }) => {
  await signInThroughApi(page);
  const users = new UsersPage(page);
  await users.goto();
  await users.filterColumns.click();
  await expect(users.filterColumns).toHaveAttribute('aria-expanded', 'true');
  await expect(users.columnChoices.getByRole('checkbox').first()).toBeFocused();
  await users.columnChoices.getByRole('checkbox', { name: 'Namespace' }).check();
  await users.columnChoices.getByRole('checkbox', { name: 'Created' }).uncheck();
  await page.keyboard.press('Escape');
  await expect(users.columnChoices).toHaveCount(0);
  await expect(users.filterColumns).toBeFocused();

  await page.reload();
  await expect(users.table.getByRole('columnheader', { name: 'Namespace' })).toBeVisible();
  await expect(users.table.getByRole('columnheader', { name: 'Created' })).toHaveCount(0);
  const pagination = page.getByRole('navigation', { name: 'Pagination' });
  await expect(pagination.getByRole('button', { name: 'Next page', exact: true })).toBeDisabled();
});

test('without the Clipboard API the namespace is selected and the person told to copy it', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await signInThroughApi(page);
  const users = new UsersPage(page);
  await users.goto();
  await users.showColumn('Namespace');
  const row = users.row(demo.email);
  await row.getByRole('button', { name: 'Copy namespace' }).click();
  await expect(new AppShell(page).toast).toHaveText('Selected: press Ctrl+C (⌘C on a Mac) to copy.');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('org:northwind-security');
});

test('search and page size live in the URL, so reload keeps the view', async ({ page }) => {
  await signInThroughApi(page);
  const users = new UsersPage(page);
  await users.goto();
  await page.getByRole('searchbox', { name: 'Search users' }).fill('demo@');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await expect(page).toHaveURL(/\/users\?q=demo%40$/);
  await expect(users.row(demo.email)).toBeVisible();
  await expect(users.table.getByRole('row')).toHaveCount(2);

  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveValue('demo@');
  await expect(users.table.getByRole('row')).toHaveCount(2);

  await page.getByLabel('Rows per page').selectOption('25');
  await expect(page).toHaveURL(/\/users\?q=demo%40&size=25$/);
  await expect(page.getByRole('navigation', { name: 'Pagination' }).getByRole('status')).toHaveText(
    /^Showing 1–1 of 1 matching \(\d+ in all\)$/,
  );
});

test('the Users columns sort both ways from their headers, kept in the URL', async ({ page }) => {
  await signInThroughApi(page);
  const users = new UsersPage(page);
  await users.goto();
  const header = users.table.getByRole('columnheader', { name: 'Email' });
  const emails = () => users.table.locator('tbody tr td:nth-child(2)').allTextContents();
  const byEmail = (list: string[]) => [...list].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));

  await header.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]sort=email(&|$)/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await emails();
  expect(ascending.length).toBeGreaterThan(1);
  expect(ascending).toEqual(byEmail(ascending));

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/order=desc/);
  await expect.poll(emails).toEqual(byEmail(ascending).reverse());

  await page.reload();
  await expect(users.table.getByRole('columnheader', { name: 'Email' })).toHaveAttribute('aria-sort', 'descending');
  // Columns the list cannot sort are plain headers.
  await expect(users.table.getByRole('columnheader', { name: 'Roles' }).getByRole('button')).toHaveCount(0);
});

test('the Users page and Add User have no accessibility violations', { tag: '@phone' }, async ({ page }) => {
  await signInThroughApi(page);
  const users = new UsersPage(page);
  await users.goto();
  await users.filterColumns.click();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.goto('/users/new');
  await expect(new AddUserPage(page).portalAccess).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('an invited user shows as Invited, and Resend invitation replaces the link sent before', async ({ page, browser }) => {
  await signInThroughApi(page);
  const email = `invitee.${Math.random().toString(36).slice(2, 8)}@northwind-security.example`;
  const users = new UsersPage(page);
  await users.goto();
  await users.addUser.click();
  const add = new AddUserPage(page);
  await add.firstName.fill('Robin');
  await add.lastName.fill('Vale');
  await add.email.fill(email);
  await add.role('Dashboard Read-Only').check();
  await add.save.click();
  await expect(page.getByRole('main')).toContainText('Robin Vale was added. An invitation was sent.');
  await expect.poll(() => mailsTo(email).length).toBe(1);
  const linkIn = (mail: string) => new URL(mail.match(/https?:\/\/\S+\/invitations\/[\w-]+/)![0]).pathname;
  const first = linkIn(mailsTo(email)[0]);

  await page.goto(`/users?q=${encodeURIComponent(email)}`);
  const row = users.row(email);
  await expect(row).toContainText('Invited');
  await row.getByRole('link', { name: 'Robin Vale' }).click();
  await page.getByRole('button', { name: 'Resend invitation' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'new invitation' })).toHaveText(
    `A new invitation was sent to ${email}. The link sent before no longer works.`,
  );
  await expect.poll(() => mailsTo(email).length).toBe(2);
  const second = linkIn(mailsTo(email)[1]);
  expect(second).not.toBe(first);

  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(first);
  await expect(invitee.getByRole('main').getByRole('alert')).toContainText('This invitation link is not valid.');
  await acceptInvitation(invitee, email, 'robin vale sets a password');
});

test('suspending a user asks first in a dialog that names the consequence', async ({ page }) => {
  await signInThroughApi(page);
  const email = `suspendee.${Math.random().toString(36).slice(2, 8)}@northwind-security.example`;
  const added = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-protection': '1' },
    data: { firstName: 'Sol', lastName: 'Reyes', email, portalAccess: true, roles: ['dashboard_read_only'] },
  });
  expect(added.status()).toBe(201);
  await page.goto(`/users/${(await added.json()).id}`);
  const suspend = page.getByRole('button', { name: 'Suspend user' });
  await suspend.click();
  const dialog = page.getByRole('dialog', { name: 'Suspend this user?' });
  await expect(dialog).toContainText('Sol Reyes is signed out everywhere at once and cannot sign in to this organization until reactivated.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(suspend).toBeFocused();
  await expect(page.getByRole('main')).toContainText('Invited');

  await suspend.click();
  await dialog.getByRole('button', { name: 'Suspend user' }).click();
  const saved = page.getByRole('main').getByRole('status').first();
  await expect(saved).toHaveText('Saved Sol Reyes: Suspended.');
  // The buttons were drawn again for the suspended user: focus goes to the confirmation.
  await expect(page.getByText('Saved Sol Reyes: Suspended.')).toBeFocused();
  await expect(page.getByRole('button', { name: 'Reactivate user' })).toBeVisible();
});

test("a Super Admin sees a login's failed sign-ins and clears them", async ({ page }) => {
  await signInThroughApi(page);
  const email = `lockout.${Math.random().toString(36).slice(2, 8)}@northwind-security.example`;
  const created = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-protection': '1' },
    data: { firstName: 'Lee', lastName: 'Locked', email, portalAccess: false, roles: ['dashboard_read_only'] },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  for (const guess of ['first guess', 'second guess']) {
    const refused = await page.request.post('/api/v1/session', {
      headers: { 'x-csrf-protection': '1' },
      data: { email, password: guess },
    });
    expect(refused.status()).toBe(401);
  }

  await page.goto(`/users/${id}`);
  const failures = page.getByRole('region', { name: 'Failed sign-ins' });
  await expect(failures).toContainText(/2 failed sign-ins in the last hour, the last on /);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await failures.getByRole('button', { name: 'Clear failed sign-ins' }).click();
  await expect(failures.getByRole('status')).toHaveText('Cleared. Lee Locked can sign in again.');
  await expect(failures).toContainText('No failed sign-ins in the last hour.');
  await expect(failures.getByRole('button', { name: 'Clear failed sign-ins' })).toHaveCount(0);
});
