import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createOrgThroughApi, demo, mailsTo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { uniqueName } from '../pages/manage-orgs-page';
import { SignInPage } from '../pages/sign-in-page';
import { AddUserPage, UsersPage } from '../pages/users-page';

/** The consultant's login in a customer's namespace: unrelated to any other customer. */
const consultantNamespace = 'org:maple-street-library';

/** A new customer org of the demo partner, with the demo login as its Super Admin, acting in it. */
async function actingInNewCustomer(page: Page) {
  await signInThroughApi(page);
  const name = uniqueName('Request Co');
  await createOrgThroughApi(page, { name, trialDays: 5, linkDemoLogin: true });
  await page.goto('/');
  await new AppShell(page).switchOrg(name);
  return name;
}

async function askToJoin(page: Page, first: string, email: string) {
  const users = new UsersPage(page);
  await users.goto();
  await users.addUser.click();
  const add = new AddUserPage(page);
  await add.firstName.fill(first);
  await add.lastName.fill('Morgan');
  await add.email.fill(email);
  await add.existingNamespace.check();
  await add.namespace.fill(consultantNamespace);
  await add.role('Super Admin Read-Only').check();
  await add.save.click();
  await expect(page.getByRole('main').getByRole('status').first()).toHaveText(
    `Request sent to ${email} in ${consultantNamespace}. They appear as Pending acceptance until they accept.`,
  );
}

function pendingTable(page: Page) {
  return page.getByRole('table', { name: 'Requests awaiting acceptance' });
}

test('a consultant of an unrelated namespace is asked, accepts, and switches into the org', async ({ page, browser }) => {
  const org = await actingInNewCustomer(page);
  await askToJoin(page, 'Alex', demo.consultantEmail);
  const row = pendingTable(page).getByRole('row').filter({ hasText: demo.consultantEmail });
  await expect(row).toContainText('Pending acceptance');
  await expect(row).toContainText(consultantNamespace);
  await expect(new UsersPage(page).row(demo.consultantEmail)).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await expect
    // Tests running alongside ask the same consultant: find this org's mail, not the newest.
    .poll(() => mailsTo(demo.consultantEmail).find((mail) => mail.includes(`Subject: ${org} asks`)), {
      message: 'the request is mailed',
    })
    .toContain(`${org} asks you to join as Super Admin Read-Only.`);

  // The consultant signs in with their own login and finds the request above the page.
  const consultantContext = await browser.newContext();
  const consultant = await consultantContext.newPage();
  const signIn = new SignInPage(consultant);
  await signIn.goto();
  await signIn.signIn(demo.consultantEmail, demo.password);
  const choice = consultant.getByRole('group', { name: 'This email signs in to several namespaces. Choose one:' });
  await choice.getByRole('radio', { name: consultantNamespace }).check();
  await signIn.submit.click();
  const notice = consultant.getByRole('region', { name: `Request from ${org}` });
  await expect(notice).toContainText(`${org} asks you to join as Super Admin Read-Only`);
  await expect(notice).toContainText('Sent by Dana Whitaker.');
  expect((await new AxeBuilder({ page: consultant }).analyze()).violations).toEqual([]);
  const shell = new AppShell(consultant);
  await expect(shell.orgSwitcher.getByRole('option', { name: org })).toHaveCount(0);

  await notice.getByRole('button', { name: 'Accept' }).click();
  await expect(consultant.getByRole('status').filter({ hasText: 'You joined' })).toHaveText(
    `You joined ${org}. Choose it in the organization switcher to work there.`,
  );
  await expect(notice).toHaveCount(0);
  await shell.switchOrg(org);
  await expect(consultant.getByRole('main')).toContainText(`You are working in ${org} as Super Admin Read-Only.`);
  await consultantContext.close();

  // The org now lists Alex as a user; the request is gone.
  const users = new UsersPage(page);
  await users.goto();
  await expect(users.row(demo.consultantEmail)).toContainText('Active');
  await expect(pendingTable(page)).toHaveCount(0);
});

test('the org cancels a request it sent, asking first', async ({ page }) => {
  await actingInNewCustomer(page);
  // Nobody holds this login: the answer is the same as for one that exists.
  const ghost = `ghost.${Math.random().toString(36).slice(2, 8)}@brightline-consulting.example`;
  await askToJoin(page, 'Ghost', ghost);
  const row = pendingTable(page).getByRole('row').filter({ hasText: ghost });
  await row.getByRole('button', { name: 'Cancel the request to Ghost Morgan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this request?' });
  await expect(dialog).toContainText('Ghost Morgan can no longer accept it.');
  await dialog.getByRole('button', { name: 'Cancel request' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cancelled' })).toHaveText(
    'The request to Ghost Morgan was cancelled.',
  );
  await expect(pendingTable(page)).toHaveCount(0);
});

test('a request declined from My organizations ends without a membership', async ({ page, browser }) => {
  const org = await actingInNewCustomer(page);
  await askToJoin(page, 'Alex', demo.consultantEmail);

  const consultantContext = await browser.newContext();
  const consultant = await consultantContext.newPage();
  const signIn = new SignInPage(consultant);
  await signIn.goto();
  await signIn.signIn(demo.consultantEmail, demo.password);
  await consultant.getByRole('radio', { name: consultantNamespace }).check();
  await signIn.submit.click();
  await new AppShell(consultant).banner.getByRole('link', { name: 'My organizations' }).click();
  const notice = consultant.getByRole('region', { name: `Request from ${org}` });
  await notice.getByRole('button', { name: 'Decline' }).click();
  await expect(consultant.getByRole('status').filter({ hasText: 'declined' })).toHaveText(
    `You declined the request from ${org}.`,
  );
  await expect(notice).toHaveCount(0);
  await expect(consultant.getByRole('row').filter({ hasText: org })).toHaveCount(0);
  await consultantContext.close();

  await page.reload();
  await expect(pendingTable(page)).toHaveCount(0);
  await expect(new UsersPage(page).row(demo.consultantEmail)).toHaveCount(0);
});
