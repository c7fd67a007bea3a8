// @ts-check
// What the end-to-end tests need from the test registry, warmed by
// `node scripts/test-registry/warm.mjs` so that test runs are fast and work
// offline. Anything else a test touches is fetched on demand (when the
// registry is not started offline) and cached too. Versions are exact so every
// machine warms the same bytes.
import { fileURLToPath } from 'node:url';

/** Packages whose tarballs the browser downloads in the e2e tests. */
export const TARBALLS = [
  // React 18 counter: react-dom's and react's whole runtime closure.
  'react@18.3.1',
  'react-dom@18.3.1',
  'scheduler@0.23.2',
  'loose-envify@1.4.0',
  'js-tokens@4.0.0',
  // Types for IntelliSense.
  '@types/react@18.3.27',
  '@types/prop-types@15.7.15',
  'csstype@3.2.4',
  '@types/react-dom@18.3.7',
  // Preact template (latest 10.x and signals-core when this list was written).
  'preact@10.29.8',
  '@preact/signals-core@1.14.5',
  // Subpath imports.
  'lodash-es@4.17.21',
  // CommonJS whose named exports no lexer can see (a UMD build); JSON inside a package.
  'lodash@4.17.21',
  // CSS shipped in a package.
  'modern-normalize@3.0.1',
  // Two versions of one package nested: is-odd@3.0.1 needs is-number@^6.
  'is-number@7.0.0',
  'is-number@6.0.0',
  'is-odd@3.0.1',
  'typescript@5.9.3',
];

/**
 * Packages whose whole dependency closure must resolve from metadata alone
 * (packuments only, no tarballs): a template's build tooling is locked, never
 * downloaded, but locking it reads every packument in its closure.
 */
export const METADATA_CLOSURES = ['vite@8.3.8'];

/**
 * Every `<dir>/package.json` here is warmed the way Cove installs a new
 * project from it: its ranges resolve to whatever the cached packuments make
 * newest (`vite@^8.3.8` may be 8.4.0), so following them keeps the warm cache
 * in step with the templates.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
