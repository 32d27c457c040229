import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { acceptInvitation, demo, latestMailTo, mailsTo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { SignInPage } from '../pages/sign-in-page';

test('signing in lands where the person was going, names the org, and signing out ends it', { tag: '@phone' }, async ({ page }) => {
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

for (const next of ['/%09/evil.example/phish', '/%5C%5Cevil.example', '%2F%2Fevil.example', 'javascript:alert(document.domain)']) {
  test(`signing in with next=${next} stays on this site and goes home`, async ({ page, baseURL }) => {
    await page.goto(`/sign-in?next=${next}`);
    await new SignInPage(page).signIn(demo.email, demo.password);
    await expect(new AppShell(page).signOut).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page).toHaveURL('/');
  });
}

test('signing in with next set to a full address of this site goes there', async ({ page, baseURL }) => {
  await page.goto(`/sign-in?next=${encodeURIComponent(`${baseURL}/users?q=priya`)}`);
  await new SignInPage(page).signIn(demo.email, demo.password);
  await expect(page).toHaveURL('/users?q=priya');
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
  // The overview speaks to the customer's own organization, not of the partner's business.
  await expect(page.getByRole('main')).toContainText('Your organization in Partner Center');
  await expect(page.getByRole('main')).not.toContainText("your customers' organizations");
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

test('the sign-in page has no accessibility violations and breaks no security policy', { tag: '@phone' }, async ({ page }) => {
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

test('Show password reveals what was typed, and hides it again', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.password.fill('typed with care');
  const show = page.getByRole('button', { name: 'Show password' });
  await expect(show).toHaveAttribute('aria-pressed', 'false');
  await show.click();
  await expect(signIn.password).toHaveAttribute('type', 'text');
  await expect(show).toHaveAttribute('aria-pressed', 'true');
  await show.click();
  await expect(signIn.password).toHaveAttribute('type', 'password');
  await expect(signIn.password).toHaveValue('typed with care');
});

test('a forgotten password is replaced through the mailed link, which then stops working', async ({ page, browser }) => {
  // A staff member of the demo partner with a password of their own.
  const email = `forgetful.${Math.random().toString(36).slice(2, 8)}@northwind-security.example`;
  await signInThroughApi(page);
  const added = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-protection': '1' },
    data: { firstName: 'Fran', lastName: 'Gold', email, portalAccess: true, roles: ['dashboard_read_only'] },
  });
  expect(added.status()).toBe(201);
  const staffContext = await browser.newContext();
  await acceptInvitation(await staffContext.newPage(), email, 'the password fran forgot');
  await staffContext.close();

  const visitor = await (await browser.newContext()).newPage();
  const signIn = new SignInPage(visitor);
  await signIn.goto();
  await visitor.getByRole('link', { name: 'Forgot password?' }).click();
  const shell = new AppShell(visitor);
  await expect(shell.heading).toHaveText('Forgot your password?');
  expect((await new AxeBuilder({ page: visitor }).analyze()).violations).toEqual([]);
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByRole('button', { name: 'Send link' }).click();
  await expect(visitor.getByRole('main').getByRole('status')).toHaveText(
    `If a login uses ${email}, a link to choose a new password is on its way. It works once, for one hour.`,
  );
  // Focus goes to the confirmation, so a screen reader reads it and the keyboard starts there.
  await expect(visitor.getByText(`If a login uses ${email}`)).toBeFocused();

  await expect.poll(() => mailsTo(email).filter((mail) => mail.includes('/reset-password/')).length).toBe(1);
  const mail = mailsTo(email).find((text) => text.includes('/reset-password/'))!;
  const link = new URL(mail.match(/https?:\/\/\S+\/reset-password\/[\w-]+/)![0]).pathname;
  await visitor.goto(link);
  await expect(shell.heading).toHaveText('Choose a new password');
  await expect(visitor.getByRole('main')).toContainText(`For your login ${email} in the namespace org:northwind-security.`);
  expect((await new AxeBuilder({ page: visitor }).analyze()).violations).toEqual([]);
  // Show password shows what is typed, as on the sign-in page.
  await visitor.getByRole('button', { name: 'Show password' }).click();
  await expect(visitor.getByLabel('New password')).toHaveAttribute('type', 'text');
  await visitor.getByLabel('New password').fill('fran remembers this one');
  await visitor.getByLabel('Confirm password').fill('fran remembers this one');
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor).toHaveURL('/sign-in?reset=1');
  await expect(visitor.getByRole('main').getByRole('status')).toHaveText('Your password was changed. Sign in with your new password.');

  await signIn.signIn(email, 'the password fran forgot');
  await expect(signIn.alert).toHaveText('The email or password is incorrect.');
  await signIn.signIn(email, 'fran remembers this one');
  await expect(shell.heading).toHaveText('Overview');

  await visitor.goto(link);
  await expect(visitor.getByRole('main').getByRole('alert')).toContainText('This link has already been used.');
  await expect(visitor.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});

test('an anonymous visit to the sign-in page makes no request that fails, and the first signed-in page asks', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const signIn = new SignInPage(page);
  await signIn.goto();
  await expect(signIn.submit).toBeEnabled();
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);

  // The first page that needs a session asks for it, and sends an anonymous visitor to sign in.
  await page.getByRole('banner').getByRole('link', { name: 'Partner Center' }).click();
  await expect(page).toHaveURL('/sign-in?next=%2F');
  expect(failed).toEqual([expect.stringMatching(/^401 .*\/api\/v1\/me$/)]);
});
