// Prints, for a fresh browser (empty cache) in headless Chromium, the time from navigation to
// an interactive sign-in form, and from pressing Sign in to Manage Organizations' table showing
// rows; the median of RUNS runs. Usage: node load_timings.mjs BASE_URL EMAIL PASSWORD [RUNS]
import { chromium } from '../end2end/node_modules/playwright/index.mjs';

const [base, email, password, runs = '5'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const toForm = [];
const toTable = [];
for (let run = 0; run < Number(runs); run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/sign-in?next=%2Fpartner%2Forgs`, { waitUntil: 'commit' });
  await page.getByLabel('Email').waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  toForm.push(await page.evaluate(() => performance.now()));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const pressed = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table').getByRole('row').nth(1).waitFor();
  toTable.push((await page.evaluate(() => performance.now())) - pressed);
  await context.close();
}
await browser.close();
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`navigation to an interactive sign-in form: ${median(toForm).toFixed(0)} ms (median of ${runs})`);
console.log(`Sign in to the orgs table with rows:       ${median(toTable).toFixed(0)} ms (median of ${runs})`);
