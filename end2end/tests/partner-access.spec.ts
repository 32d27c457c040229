import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { acceptInvitation, createOrgThroughApi, demo, signInThroughApi } from '../fixtures/demo';
import { AppShell } from '../pages/app-shell';
import { uniqueName } from '../pages/manage-orgs-page';

test("a customer removes its partner's access, and the partner's switcher no longer offers the org", async ({ browser }) => {
  const partnerContext = await browser.newContext();
  const partner = await partnerContext.newPage();
  await signInThroughApi(partner);
  const name = uniqueName('Access Panel Co');
  await createOrgThroughApi(partner, { name, trialDays: 6 });
  const adminEmail = `admin.${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@customer.example`;

  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await acceptInvitation(customer, adminEmail, 'customer admin password');
  const linked = await customer.request.post('/api/v1/users', {
    headers: { 'x-csrf-protection': '1' },
    data: {
      firstName: 'Dana', lastName: 'Whitaker', email: demo.email, useExistingNamespace: true,
      namespace: 'org:northwind-security', portalAccess: true, roles: ['super_admin'],
    },
  });
  // A customer's own admin only asks for a login of the partner's namespace; Dana accepts.
  expect(linked.status()).toBe(202);
  const incoming: { id: string; orgName: string }[] = await (await partner.request.get('/api/v1/me/access-requests')).json();
  const request = incoming.find((asked) => asked.orgName === name)!;
  const accepted = await partner.request.post(`/api/v1/me/access-requests/${request.id}/accept`, {
    headers: { 'x-csrf-protection': '1' },
  });
  expect(accepted.status()).toBe(204);
  await partner.goto('/');
  const partnerShell = new AppShell(partner);
  await expect(partnerShell.orgSwitcher.getByRole('option', { name })).toHaveCount(1);

  const shell = new AppShell(customer);
  await shell.navigateTo('Partner access');
  const group = customer.getByRole('region', { name: 'Northwind Security — your partner' });
  const row = group.getByRole('row').filter({ hasText: demo.email });
  await expect(row).toContainText('Super Admin');
  await expect(row).toContainText('Never');
  expect((await new AxeBuilder({ page: customer }).analyze()).violations).toEqual([]);

  await row.getByRole('button', { name: 'Remove access of Dana Whitaker' }).click();
  const dialog = customer.getByRole('dialog', { name: 'Remove access?' });
  await expect(dialog).toContainText('their sessions here end now');
  await dialog.getByRole('button', { name: 'Remove access' }).click();
  await expect(customer.getByRole('main').getByRole('status').first()).toHaveText(
    'Dana Whitaker no longer has access to this organization.',
  );
  await expect(customer.getByRole('heading', { name: 'Nobody from outside' })).toBeVisible();

  await partner.reload();
  await expect(partnerShell.heading).toHaveText('Overview');
  await expect(partnerShell.orgSwitcher.getByRole('option', { name })).toHaveCount(0);
  await partnerContext.close();
  await customerContext.close();
});
