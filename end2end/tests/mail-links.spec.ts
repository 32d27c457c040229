import { expect, test, type Browser } from '@playwright/test';
import { acceptInvitation, consoleLinks, createOrgThroughApi, demo, mailsTo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { uniqueName } from '../pages/manage-orgs-page';

// Every link of every kind of mail the console sends leads to a page that exists and is meant
// for its reader. Trial reminders and invoices come from the clock server: billing-clock.spec.ts.

const csrf = { 'x-csrf-protection': '1' };

/** The one mail to `to` whose subject starts with `subject`, once it has been delivered. */
async function mailTo(to: string, subject: string): Promise<string> {
  await expect.poll(() => mailsTo(to).find((mail) => mail.includes(`Subject: ${subject}`)), { message: `${subject}…` }).toBeDefined();
  return mailsTo(to).find((mail) => mail.includes(`Subject: ${subject}`))!;
}

/** Opens each link of `mail` in a browser that is not signed in; each shows `heading`. */
async function followAnonymously(browser: Browser, mail: string, heading: string) {
  const links = consoleLinks(mail);
  expect(links.length).toBeGreaterThan(0);
  const visitor = await (await browser.newContext()).newPage();
  for (const link of links) {
    await visitor.goto(link);
    await expect(new AppShell(visitor).heading).toHaveText(heading);
  }
  await visitor.context().close();
}

test('the links of invitation, access, reset and access-request mail open their pages', async ({ page, browser }) => {
  await signInThroughApi(page);
  const email = `mail.links.${Math.random().toString(36).slice(2, 8)}@northwind-security.example`;
  const added = await page.request.post('/api/v1/users', {
    headers: csrf,
    data: { firstName: 'Morgan', lastName: 'Links', email, portalAccess: true, roles: ['dashboard_read_only'] },
  });
  expect(added.status()).toBe(201);

  // The invitation opens the page that sets the password.
  const invitation = await mailTo(email, "You're invited to");
  await followAnonymously(browser, invitation, 'Accept your invitation');
  const invited = await (await browser.newContext()).newPage();
  await acceptInvitation(invited, email, 'morgan follows every link');
  await invited.context().close();

  // Linked into a customer by the partner's own people: the mail's link is the sign-in page.
  const customer = uniqueName('Mail Links Co');
  const customerId = await createOrgThroughApi(page, { name: customer, trialDays: 5, linkDemoLogin: true });
  const switched = await page.request.put('/api/v1/session/org', { headers: csrf, data: { orgId: customerId } });
  expect(switched.status()).toBe(200);
  const linked = await page.request.post('/api/v1/users', {
    headers: csrf,
    data: { firstName: 'Morgan', lastName: 'Links', email, useExistingNamespace: true, namespace: 'org:northwind-security', portalAccess: true, roles: ['dashboard_read_only'] },
  });
  expect(linked.status()).toBe(201);
  await followAnonymously(browser, await mailTo(email, `You now have access to ${customer}`), 'Sign in');

  // Forgot password: the link opens the page that chooses a new one.
  const asked = await page.request.post('/api/v1/password-resets', { headers: csrf, data: { email } });
  expect(asked.status()).toBe(204);
  await followAnonymously(browser, await mailTo(email, 'Choose a new Partner Center password'), 'Choose a new password');

  // An access request: the link opens My organizations, where the request is answered.
  const requested = await page.request.post('/api/v1/users', {
    headers: csrf,
    data: { firstName: 'Alex', lastName: 'Morgan', email: demo.consultantEmail, useExistingNamespace: true, namespace: 'org:maple-street-library', portalAccess: true, roles: ['super_admin_read_only'] },
  });
  expect(requested.status()).toBe(202);
  const request = await mailTo(demo.consultantEmail, `${customer} asks you to join`);
  const consultant = await (await browser.newContext()).newPage();
  const signedIn = await consultant.request.post('/api/v1/session', {
    headers: csrf,
    data: { email: demo.consultantEmail, password: demo.password, namespace: 'org:maple-street-library' },
  });
  expect(signedIn.status()).toBe(200);
  const links = consoleLinks(request);
  expect(links).toEqual(['/my-orgs']);
  await consultant.goto(links[0]);
  await expect(new AppShell(consultant).heading).toHaveText('My organizations');
  await expect(consultant.getByText(`${customer} asks you to join as Super Admin Read-Only`)).toBeVisible();
  await consultant.context().close();
});
