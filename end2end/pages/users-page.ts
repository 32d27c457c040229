import { expect, type Locator, type Page } from '@playwright/test';

/** The Users page of the acting org. */
export class UsersPage {
  readonly table: Locator;
  readonly filterColumns: Locator;
  readonly columnChoices: Locator;
  readonly addUser: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Users of this organization' });
    this.filterColumns = page.getByRole('button', { name: 'Filter Columns' });
    this.columnChoices = page.getByRole('group', { name: 'Visible columns' });
    this.addUser = page.getByRole('link', { name: 'Add User' });
  }

  async goto() {
    await this.page.goto('/users');
    await expect(this.table).toBeVisible();
  }

  row(text: string): Locator {
    return this.table.getByRole('row').filter({ hasText: text });
  }

  async showColumn(name: string) {
    await this.filterColumns.click();
    await this.columnChoices.getByRole('checkbox', { name }).check();
    await this.page.keyboard.press('Escape');
    await expect(this.table.getByRole('columnheader', { name })).toBeVisible();
  }
}

/** Add User, with the guide's labels. */
export class AddUserPage {
  readonly firstName: Locator;
  readonly lastName: Locator;
  readonly email: Locator;
  readonly existingNamespace: Locator;
  readonly namespace: Locator;
  readonly portalAccess: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.firstName = page.getByLabel('First Name');
    this.lastName = page.getByLabel('Last Name');
    this.email = page.getByLabel('Email', { exact: true });
    this.existingNamespace = page.getByRole('checkbox', { name: 'Add a user from an existing namespace' });
    this.namespace = page.getByLabel('Namespace', { exact: true });
    this.portalAccess = page.getByRole('switch', { name: 'Portal Access' });
    this.save = page.getByRole('button', { name: 'Save' });
  }

  role(name: string): Locator {
    return this.page.getByRole('group', { name: 'Roles' }).getByRole('checkbox', { name, exact: true });
  }
}
