// Takes the README's screenshots of the main screens (light, dark and phone) from a running
// server with the demo data. Usage: node screenshots.mjs BASE_URL PASSWORD OUT_DIR
import { chromium } from '../end2end/node_modules/playwright/index.mjs';

const [base, password, out] = process.argv.slice(2);
const desktop = { viewport: { width: 1366, height: 860 } };
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shots = [
  { name: 'manage-orgs-light', device: desktop, scheme: 'light', path: '/partner/orgs' },
  { name: 'partner-home-light', device: desktop, scheme: 'light', path: '/' },
  { name: 'org-detail-dark', device: desktop, scheme: 'dark', path: '/partner/orgs', open: 'Harbor View Dental' },
  { name: 'users-dark', device: desktop, scheme: 'dark', path: '/users' },
  { name: 'manage-orgs-phone', device: phone, scheme: 'light', path: '/partner/orgs' },
  { name: 'menu-phone', device: phone, scheme: 'light', path: '/', menu: true },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const shot of shots) {
  const context = await browser.newContext({ ...shot.device, colorScheme: shot.scheme, baseURL: base });
  const signIn = await context.request.post('/api/v1/session', {
    headers: { 'x-csrf-protection': '1' },
    data: { email: 'demo@northwind-security.example', password },
  });
  if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
  const page = await context.newPage();
  await page.goto(shot.path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (shot.open) {
    await page.getByRole('link', { name: shot.open, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: shot.open }).waitFor();
  }
  if (shot.menu) await page.getByRole('button', { name: 'Menu' }).click();
  await page.waitForFunction(() => !document.querySelector('.skeleton'));
  // No caret or focus ring in the picture.
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.screenshot({ path: `${out}/${shot.name}.png` });
  console.log(`${out}/${shot.name}.png`);
  await context.close();
}
await browser.close();
