import { expect, type Locator, type Page } from '@playwright/test';

/** The parts of the console every page shares: header, main navigation, API status, toasts. */
export class AppShell {
  readonly nav: Locator;
  readonly menuButton: Locator;
  readonly apiStatus: Locator;
  readonly heading: Locator;
  readonly banner: Locator;
  readonly orgSwitcher: Locator;
  readonly signOut: Locator;
  readonly toast: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.apiStatus = page.getByRole('contentinfo').getByRole('status');
    this.heading = page.getByRole('heading', { level: 1 });
    this.banner = page.getByRole('banner');
    this.menuButton = this.banner.getByRole('button', { name: 'Menu' });
    this.orgSwitcher = this.banner.getByRole('combobox', { name: 'Organization' });
    this.signOut = this.banner.getByRole('button', { name: 'Sign out' });
    this.toast = page.getByRole('status', { name: 'Notifications' });
  }

  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.heading).toBeVisible();
  }

  /** On a phone the navigation hides behind the header's Menu button: opens it there. */
  async showNav() {
    if ((await this.menuButton.isVisible()) && (await this.menuButton.getAttribute('aria-expanded')) !== 'true') {
      await this.menuButton.click();
    }
    await expect(this.nav).toBeVisible();
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  async switchOrg(name: string) {
    await this.orgSwitcher.selectOption({ label: name });
    await expect(this.page.getByRole('main')).toContainText(`You are working in ${name}`);
  }

  async navigateTo(name: string) {
    await this.showNav();
    await this.navLink(name).click();
    await expect(this.heading).toHaveText(name);
  }
}
