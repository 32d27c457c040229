import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readState, serverLog, sql, startServers, stopServer, type ClusterState } from '../cluster/cluster';
import { demo, mailsTo } from '../fixtures/demo';

// One cluster for the whole file, and the last test kills a server: run in order.
test.describe.configure({ mode: 'serial' });

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
let cluster: ClusterState;

test.beforeAll(() => {
  cluster = readState();
});

/** A partner's API session through `baseURL` (the balancer unless a test means one server). */
async function signedInPartner(baseURL: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-csrf-protection': '1' } });
  const signedIn = await api.post('/api/v1/session', { data: { email: demo.email, password: demo.password } });
  expect(signedIn.status()).toBe(200);
  return api;
}

function newOrg(name: string, slug: string, trialDays = 14) {
  return {
    name,
    adminFirstName: 'Cluster',
    adminLastName: 'Admin',
    adminEmail: `admin@${slug}.example`,
    apEmail: `ap@${slug}.example`,
    trialDays,
    referenceNumber: '',
  };
}

function serverUrl(index: number): string {
  return `http://127.0.0.1:${cluster.serverPorts[index]}`;
}

test('two servers started at the same moment on a new database both serve one schema and one demo, and share sessions', async () => {
  const migrations = readdirSync(resolve(__dirname, '../../server/migrations')).length;
  // Every migration applied (version is the table's key, so none twice), and none failed.
  expect(sql(cluster, 'SELECT COUNT(*) FROM _sqlx_migrations WHERE success')).toEqual([[String(migrations)]]);
  expect(sql(cluster, 'SELECT COUNT(*) FROM _sqlx_migrations WHERE NOT success')).toEqual([['0']]);
  expect(sql(cluster, 'SELECT name FROM orgs WHERE is_partner = 1')).toEqual([[demo.partnerOrg]]);
  for (const index of [0, 1]) {
    expect((await fetch(`${serverUrl(index)}/api/v1/health/ready`)).status).toBe(200);
  }

  // A session begun on one server is known to the other: nothing of it lives in a process.
  const onFirst = await signedInPartner(serverUrl(0));
  const { cookies } = await onFirst.storageState();
  const onSecond = await request.newContext({ baseURL: serverUrl(1), storageState: { cookies, origins: [] } });
  const me = await onSecond.get('/api/v1/me');
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe(demo.email);
});

test("both servers' billing workers running at once issue each invoice that has come due exactly once", async () => {
  const partner = await signedInPartner(cluster.proxyUrl);
  const count = 40;
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const created = await partner.post('/api/v1/partner/orgs', {
      headers: { 'idempotency-key': `cluster-billing-${n}` },
      data: newOrg(`Cluster Billing ${n}`, `cluster-billing-${n}`, 1),
    });
    expect(created.status()).toBe(201);
    const { id } = await created.json();
    expect((await partner.post(`/api/v1/partner/orgs/${id}/bench-unlock`)).status()).toBe(200);
    ids.push(id);
  }
  // The trials began a day and an hour ago: each is owed its first invoice now.
  const orgs = ids.map((id) => `'${id}'`).join(',');
  sql(
    cluster,
    `UPDATE billing_profiles SET first_unlock_at = first_unlock_at - ${DAY + HOUR}, next_invoice_at = first_unlock_at - ${HOUR} WHERE org_id IN (${orgs})`,
  );
  sql(cluster, `UPDATE child_org_listing SET first_unlock_at = first_unlock_at - ${DAY + HOUR} WHERE org_id IN (${orgs})`);
  const issuedBefore = [0, 1].map((index) => issuedInLog(index));

  // Restarted together, each server's billing worker starts with a pass: two passes at once.
  await Promise.all([0, 1].map((index) => stopServer(cluster, index, 'SIGTERM')));
  await startServers(cluster, [0, 1]);

  await expect.poll(() => sql(cluster, `SELECT COUNT(*) FROM invoices WHERE org_id IN (${orgs})`)[0][0], { timeout: 30_000 }).toBe(
    String(count),
  );
  expect(sql(cluster, `SELECT COUNT(DISTINCT org_id), COUNT(DISTINCT number) FROM invoices WHERE org_id IN (${orgs})`)).toEqual([
    [String(count), String(count)],
  ]);
  const issuedByEach = [0, 1].map((index) => issuedInLog(index) - issuedBefore[index]);
  expect(issuedByEach[0] + issuedByEach[1], `issued by each server: ${issuedByEach}`).toBe(count);
  // One mail each: a pass that lost an invoice to the other rolled its mail back with it.
  for (let n = 0; n < count; n++) {
    await expect.poll(() => mailsTo(`ap@cluster-billing-${n}.example`, cluster.dataDir).filter(isInvoice).length).toBe(1);
  }
});

test('a server killed in the middle of a storm of creates loses no answered org, leaves none half-made, and the other serves on', async () => {
  const partner = await signedInPartner(cluster.proxyUrl);
  // A few clients go straight to server 0, as if the balancer had sent them there, so that
  // requests are surely in flight on it when it dies; the rest go through nginx.
  const straightToVictim = await signedInPartner(serverUrl(0));
  const total = 120;
  const killAfter = 40;
  const clients = 12;
  const name = (n: number) => `Storm Org ${String(n).padStart(3, '0')}`;
  const create = (api: APIRequestContext, n: number) =>
    api
      .post('/api/v1/partner/orgs', { headers: { 'idempotency-key': `storm-${n}` }, data: newOrg(name(n), `storm-${n}`) })
      .then(async (response) => ({ status: response.status(), id: response.status() === 201 ? ((await response.json()).id as string) : undefined }))
      .catch((error: Error) => ({ status: 0, id: undefined, error: error.message }));

  const answers: { status: number; id?: string }[] = new Array(total);
  let answered = 0;
  let killed: Promise<void> | undefined;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const api = client < 4 ? straightToVictim : partner;
      while (next < total && !(api === straightToVictim && killed)) {
        const n = next++;
        answers[n] = await create(api, n);
        if (answers[n].status === 201 && ++answered === killAfter) killed = stopServer(cluster, 0, 'SIGKILL');
      }
    }),
  );
  await killed;
  expect(killed, 'the kill came in the middle of the storm').toBeDefined();
  // What the killed server was handling is cut off: a reset connection, or the balancer's 502.
  const cut = answers.filter((a) => a.status !== 201);
  expect(cut.length, 'requests in flight at the killed server').toBeGreaterThan(0);
  expect(cut.every((a) => [0, 502].includes(a.status)), JSON.stringify(cut)).toBe(true);

  // Retrying what got no answer with the same key creates those orgs (or replays the ones
  // the killed server committed before it died); retrying what was answered creates nothing.
  for (let n = 0; n < total; n++) {
    const retried = await create(partner, n);
    expect(retried.status, name(n)).toBe(201);
    if (answers[n].status === 201) expect(retried.id, name(n)).toBe(answers[n].id);
  }

  // Every org once, each whole: its Super Admin, billing profile, subscription and list row.
  const rows = sql(
    cluster,
    `SELECT o.name,
       (SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'super_admin' WHERE u.org_id = o.id),
       (SELECT COUNT(*) FROM billing_profiles b WHERE b.org_id = o.id),
       (SELECT COUNT(*) FROM subscriptions s WHERE s.org_id = o.id),
       (SELECT COUNT(*) FROM child_org_listing l WHERE l.org_id = o.id)
     FROM orgs o WHERE o.name LIKE 'Storm Org %' ORDER BY o.name`,
  );
  expect(rows).toEqual(Array.from({ length: total }, (_, n) => [name(n), '1', '1', '1', '1']));

  // The survivor answers everything now, through the balancer.
  for (let attempt = 0; attempt < 6; attempt++) {
    expect((await partner.get('/api/v1/health/ready')).status()).toBe(200);
    const page = await partner.get('/api/v1/partner/orgs?q=storm&limit=50');
    expect(page.status()).toBe(200);
    expect((await page.json()).filteredCount).toBe(total);
  }
});

/** How many invoices a server's log says its billing passes issued. */
function issuedInLog(index: number): number {
  return [...readFileSync(serverLog(cluster, index), 'utf8').matchAll(/invoices issued issued=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

function isInvoice(mail: string): boolean {
  return /^Subject: Invoice /m.test(mail);
}
