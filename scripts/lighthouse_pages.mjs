// Runs Lighthouse (mobile and desktop) on every page of the app, signed in where the page needs
// it, and prints performance, accessibility, best practices and CLS for each.
// Usage: node lighthouse_pages.mjs BASE_URL PASSWORD DATA_DIR
// LIGHTHOUSE_PAGES="Sign in,Manage Organizations" measures only the pages named.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from '../tools/lighthouse/node_modules/lighthouse/core/index.js';
import desktopConfig from '../tools/lighthouse/node_modules/lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from '../tools/lighthouse/node_modules/chrome-launcher/dist/index.js';

const [base, password, dataDir] = process.argv.slice(2);

const signIn = await fetch(`${base}/api/v1/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrf-protection': '1' },
  body: JSON.stringify({ email: 'demo@northwind-security.example', password }),
});
if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
const cookie = signIn.headers.get('set-cookie').split(';')[0];
const api = async (path) => (await fetch(`${base}/api/v1${path}`, { headers: { cookie } })).json();
const org = (await api('/partner/orgs?q=harbor')).data[0].id;
const user = (await api('/users')).data[0].id;
// The demo's invitation to Harbor View Dental's Super Admin, from the outbox.
const outbox = join(dataDir, 'outbox');
const invitation = readdirSync(outbox)
  .map((name) => readFileSync(join(outbox, name), 'utf8').replace(/=\r?\n/g, ''))
  .map((text) => text.match(/\/invitations\/[\w-]+/)?.[0])
  .find(Boolean);

const pages = [
  ['Sign in', '/sign-in', false],
  ['Invitation', invitation, false],
  ['Not found', '/no/such/page', true],
  ['Home', '/', true],
  ['Manage Organizations', '/partner/orgs', true],
  ['Add Org', '/partner/orgs/new', true],
  ['Org: information', `/partner/orgs/${org}`, true],
  ['Org: billing', `/partner/orgs/${org}?tab=billing`, true],
  ['Org: subscriptions', `/partner/orgs/${org}?tab=subscriptions`, true],
  ['Users', '/users', true],
  ['Add User', '/users/new', true],
  ['Edit User', `/users/${user}`, true],
  ['API Tokens', '/settings/api-tokens', true],
];

const only = process.env.LIGHTHOUSE_PAGES?.split(',').map((name) => name.trim());
const measured = only ? pages.filter(([name]) => only.includes(name)) : pages;

const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const score = (result, category) => Math.round(result.lhr.categories[category].score * 100);
const rows = [];
for (const [name, path, signedIn] of measured) {
  const row = [name];
  for (const config of [undefined, desktopConfig]) {
    const result = await lighthouse(
      `${base}${path}`,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        extraHeaders: signedIn ? { cookie } : {},
        // Not found is answered 404, which Lighthouse otherwise refuses to measure.
        ignoreStatusCode: true,
      },
      config,
    );
    if (result.lhr.runtimeError) {
      // Say which page and why, and go on with the others.
      row.push(`failed: ${result.lhr.runtimeError.code}`);
      continue;
    }
    const cls = result.lhr.audits['cumulative-layout-shift'].numericValue;
    const lcp = result.lhr.audits['largest-contentful-paint'].numericValue / 1000;
    row.push(`${score(result, 'performance')} / ${score(result, 'accessibility')} / ${score(result, 'best-practices')} · CLS ${cls.toFixed(3)} · LCP ${lcp.toFixed(1)} s`);
  }
  rows.push(row);
  console.error(`${row[0]}: mobile ${row[1]}; desktop ${row[2]}`);
}
await chrome.kill();
console.log('| page | mobile: performance / accessibility / best practices | desktop |');
console.log('|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
