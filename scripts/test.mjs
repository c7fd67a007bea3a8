#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest — types, lint,
// unit tests, a production build, then end-to-end tests in real Chromium.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedisServer } from './ensure-redis.mjs';

// The e2e build installs npm packages from the local test registry (scripts/test-registry),
// never from the machine's own registry: tests stay hermetic once its cache is warm.
const registryPort = process.env.E2E_REGISTRY_PORT ?? '4874';
process.env.E2E_REGISTRY_PORT = registryPort;
const collabPort = process.env.E2E_COLLAB_PORT ?? '4875';
process.env.E2E_COLLAB_PORT = collabPort;
// The collaboration e2e tests start (and restart) the built server on this port themselves.
const buildEnv = {
  VITE_COVE_NPM_REGISTRY: `http://127.0.0.1:${registryPort}/`,
  VITE_COVE_COLLAB_URL: `http://127.0.0.1:${collabPort}`,
};

const steps = [
  ['types', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  // Real tarballs for the e2e tests, packed with `npm pack` once and cached in .cache/registry.
  ['registry', 'node', ['scripts/test-registry/warm.mjs']],
  [
    'unit',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.cache/reports/unit.json'],
  ],
  ['build', 'npx', ['vite', 'build', '--logLevel', 'warn'], buildEnv],
  ['build', 'node', ['scripts/build-server.mjs']],
  ['build', 'node', ['scripts/build-sdk.mjs']],
  ['e2e', 'npx', ['playwright', 'test']],
];

const only = process.argv.slice(2);
let failedStep;
rmSync('.cache/reports/unit.json', { force: true });
rmSync('.cache/reports/e2e.json', { force: true });
for (const [name, cmd, args, env] of steps) {
  if (only.length && !only.includes(name)) continue;
  if (name === 'e2e') process.env.CHROMIUM_PATH = ensureChromium();
  // The collaboration server's tests (unit and e2e) start their own Redis.
  if (name === 'unit' || name === 'e2e') process.env.COVE_TEST_REDIS_SERVER = ensureRedisServer();
  console.log(`\n── ${name}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`── ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    failedStep = name;
    break;
  }
}

// One closing line that counts every test that ran, unit and end-to-end.
let passed = 0;
let failed = 0;
if (existsSync('.cache/reports/unit.json')) {
  const u = JSON.parse(readFileSync('.cache/reports/unit.json', 'utf8'));
  passed += u.numPassedTests ?? 0;
  failed += u.numFailedTests ?? 0;
}
if (existsSync('.cache/reports/e2e.json')) {
  const e = JSON.parse(readFileSync('.cache/reports/e2e.json', 'utf8'));
  passed += e.stats?.expected ?? 0;
  failed += (e.stats?.unexpected ?? 0) + (e.stats?.flaky ?? 0);
}
if (failedStep && failed === 0) failed = 1;
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
