import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signInThroughApi } from '../fixtures/demo';

// The design tokens have a dark scheme; its contrasts must hold as the light ones do.
test.use({ colorScheme: 'dark' });

for (const path of ['/sign-in', '/', '/partner/orgs', '/partner/orgs/new', '/users']) {
  test(`in the dark scheme, an axe scan of ${path} finds no violations`, { tag: '@phone' }, async ({ page }) => {
    if (path !== '/sign-in') await signInThroughApi(page);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 20, 24)');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });
}
