import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { demo, latestMailTo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { SignInPage } from '../pages/sign-in-page';

test('signing in lands where the person was going, names the org, and signing out ends it', async ({ page }) => {
  const shell = new AppShell(page);
  await page.goto('/partner/orgs');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpartner%2Forgs$/);

  const signIn = new SignInPage(page);
  await signIn.signIn(demo.email, demo.password);
  await expect(shell.heading).toHaveText('Manage Organizations');
  await expect(page).toHaveURL('/partner/orgs');
  await expect(shell.orgSwitcher).toHaveValue(/.+/);
  await expect(shell.orgSwitcher.locator('option:checked')).toHaveText(demo.partnerOrg);
  await expect(shell.banner).toContainText(demo.name);

  await shell.signOut.click();
  await expect(page).toHaveURL('/sign-in');
  await expect(shell.banner.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
});

test('a session that ends while in use sends the person to sign in, and back where they were', async ({ page }) => {
  await signInThroughApi(page);
  const shell = new AppShell(page);
  await shell.open('/users');
  // The session ends on the server (as after an idle hour, or a suspension).
  const ended = await page.request.delete('/api/v1/session', { headers: { 'x-csrf-protection': '1' } });
  expect(ended.status()).toBe(204);
  await shell.navLink('Manage Organizations').click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpartner%2Forgs&ended=1$/);
  await expect(page.getByRole('main').getByRole('status').first()).toHaveText(
    'Your session has ended. Sign in again to continue where you were.',
  );
  const signIn = new SignInPage(page);
  await signIn.signIn(demo.email, demo.password);
  await expect(shell.heading).toHaveText('Manage Organizations');
});

test('signing in again returns to the very view, query included', async ({ page }) => {
  await page.goto('/partner/orgs?sort=name&order=desc&size=25');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpartner%2Forgs%3Fsort%3Dname%26order%3Ddesc%26size%3D25$/);
  await new SignInPage(page).signIn(demo.email, demo.password);
  await expect(page).toHaveURL('/partner/orgs?sort=name&order=desc&size=25');
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
});

test('a wrong password shows an error and signs nobody in', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demo.email, 'not the demo password');
  await expect(signIn.alert).toHaveText('The email or password is incorrect.');
  await expect(page).toHaveURL('/sign-in');
  await expect(signIn.password).toHaveValue('not the demo password');
});

test('a malformed email is refused beside the field before any request', async ({ page }) => {
  const signIn = new SignInPage(page);
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/session')) requests.push(request.url());
  });
  await signIn.goto();
  await signIn.signIn('dana.northwind', 'whatever it is');
  await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
  await expect(signIn.email).toHaveAttribute('aria-invalid', 'true');
  expect(requests).toEqual([]);
});

test('an email with logins in two namespaces chooses one, and signs into that one', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demo.consultantEmail, demo.password);
  const choice = page.getByRole('group', { name: 'This email signs in to several namespaces. Choose one:' });
  await expect(choice.getByRole('radio')).toHaveCount(2);
  await expect(choice.getByRole('radio', { name: 'org:maple-street-library' })).toBeChecked();
  await choice.getByRole('radio', { name: 'org:northwind-security' }).check();
  await signIn.submit.click();
  await expect(page.getByRole('main')).toContainText(
    `You are working in ${demo.partnerOrg} as Super Admin Read-Only.`,
  );
  // Read-only in a partner org: no Partner Center.
  await expect(new AppShell(page).navLink('Manage Organizations')).toHaveCount(0);
});

test('the org switcher moves the person into a linked customer org and back', async ({ page }) => {
  const shell = new AppShell(page);
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(demo.email, demo.password);
  await expect(page.getByRole('main')).toContainText(`You are working in ${demo.partnerOrg} as Super Admin.`);
  await expect(shell.navLink('Manage Organizations')).toBeVisible();

  await shell.switchOrg(demo.linkedCustomerOrg);
  await expect(page.getByRole('main')).toContainText(`You are working in ${demo.linkedCustomerOrg} as Super Admin.`);
  // A customer org is no channel partner: no Partner Center there.
  await expect(shell.navLink('Manage Organizations')).toHaveCount(0);
  await page.goto('/partner/orgs');
  await expect(shell.heading).toHaveText('Page not found');

  await shell.switchOrg(demo.partnerOrg);
  await expect(shell.navLink('Manage Organizations')).toBeVisible();
});

test('an invitation link sets a password and signs the new Super Admin in', async ({ page }) => {
  const mail = latestMailTo(demo.invitedAdminEmail);
  expect(mail, 'the demo invitation is in the outbox').toBeDefined();
  const link = mail!.match(/https?:\/\/\S+\/invitations\/[\w-]+/)![0];
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('main')).toContainText('Hello Priya, you are invited to Harbor View Dental');

  await page.getByLabel('New password').fill('too short');
  await page.getByLabel('Confirm password').fill('too short');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();

  await page.getByLabel('New password').fill('harbor view front desk');
  await page.getByLabel('Confirm password').fill('harbor view front desk');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  const shell = new AppShell(page);
  await expect(shell.heading).toHaveText('Overview');
  await expect(page.getByRole('main')).toContainText('You are working in Harbor View Dental as Super Admin.');
  await expect(shell.banner).toContainText('Priya Raman');

  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('This invitation has already been used.');
});

test('the sign-in page has no accessibility violations and breaks no security policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  const signIn = new SignInPage(page);
  await signIn.goto();
  await expect(signIn.submit).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
  await signIn.signIn(demo.email, demo.password);
  await expect(new AppShell(page).heading).toHaveText('Overview');
  expect(violations).toEqual([]);
});
