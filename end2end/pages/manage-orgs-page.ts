import { expect, type Locator, type Page } from '@playwright/test';

/** Partner Center › Manage Organizations. */
export class ManageOrgsPage {
  readonly table: Locator;
  readonly search: Locator;
  readonly addOrg: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Child organizations' });
    this.search = page.getByRole('searchbox', { name: 'Search organizations' });
    this.addOrg = page.getByRole('link', { name: 'Add Org' });
    this.summary = page.getByRole('navigation', { name: 'Pagination' }).getByRole('status');
  }

  async goto(query = '') {
    await this.page.goto(`/partner/orgs${query}`);
    await expect(this.table.or(this.page.getByRole('heading', { name: 'Nothing to show' }))).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async searchFor(text: string) {
    await this.search.fill(text);
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
  }

  columnHeader(name: string): Locator {
    return this.table.getByRole('columnheader', { name });
  }

  /** A filter's choice list: State, Plan, Currency or Trial ends. */
  filter(name: string): Locator {
    return this.page.getByRole('group', { name: 'Filter organizations' }).getByLabel(name);
  }
}

/** The Add Org (+) form, with the guide's labels. */
export class AddOrgPage {
  readonly name: Locator;
  readonly firstName: Locator;
  readonly lastName: Locator;
  readonly email: Locator;
  readonly existingNamespace: Locator;
  readonly namespace: Locator;
  readonly parentOrg: Locator;
  readonly billingMode: Locator;
  readonly apEmail: Locator;
  readonly trialPeriod: Locator;
  readonly referenceNumber: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByLabel('Organization Name');
    this.firstName = page.getByLabel('First Name');
    this.lastName = page.getByLabel('Last Name');
    this.email = page.getByLabel('Email', { exact: true });
    this.existingNamespace = page.getByRole('checkbox', { name: 'Add a user from an existing namespace' });
    this.namespace = page.getByLabel('Namespace', { exact: true });
    // Values the system sets are text in a labelled group, not inputs.
    this.parentOrg = page.getByRole('group', { name: 'Parent Org' });
    this.billingMode = page.getByRole('group', { name: 'Billing Mode' });
    this.apEmail = page.getByLabel('Accounts Payable Email', { exact: true });
    this.trialPeriod = page.getByLabel('Initial Trial Period');
    this.referenceNumber = page.getByLabel('Reference Number');
    this.save = page.getByRole('button', { name: 'Save' });
  }

  async fill(org: { name: string; first: string; last: string; email: string; ap: string; trial: string; reference?: string }) {
    await this.name.fill(org.name);
    await this.firstName.fill(org.first);
    await this.lastName.fill(org.last);
    await this.email.fill(org.email);
    await this.apEmail.fill(org.ap);
    await this.trialPeriod.fill(org.trial);
    if (org.reference) await this.referenceNumber.fill(org.reference);
  }
}

/** A name no other test (or earlier run against the same server) uses. */
export function uniqueName(base: string): string {
  return `${base} ${Math.random().toString(36).slice(2, 8)}`;
}
