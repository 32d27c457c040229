import { startCluster, stopCluster } from './cluster';

export default async function globalSetup() {
  const dir = process.env.E2E_CLUSTER_DIR!;
  const proxyPort = Number(new URL(process.env.E2E_PROXY_URL!).port);
  try {
    await startCluster(dir, process.env.E2E_DEMO_PASSWORD!, proxyPort);
  } catch (error) {
    // Whatever did start (PostgreSQL first) must not outlive the run.
    await stopCluster(dir).catch(() => {});
    throw error;
  }
  return () => stopCluster(dir);
}
