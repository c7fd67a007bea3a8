import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/ensure-chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4173);
const registryPort = Number(process.env.E2E_REGISTRY_PORT ?? 4874);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.cache/reports/e2e.json' }]],
  use: {
    baseURL: `http://app.localhost:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? findChromium(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `node scripts/serve.mjs`,
      env: { PORT: String(port) },
      port,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      // The npm registry the e2e build installs from (see scripts/test.mjs); offline: cache only.
      command: `node scripts/test-registry/server.mjs --port ${registryPort} --offline --warm`,
      url: `http://127.0.0.1:${registryPort}/-/ping`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
  ],
});
