/**
 * Small hand-written packages that mimic real shapes: a CommonJS package with react's
 * NODE_ENV switch, a react-dom-like package requiring it (and itself by name from `client`),
 * an ESM package with `exports` conditions and subpaths, a `browser` field map, CSS with a
 * font, JSON, a scoped package with `imports`, and two versions of one package nested.
 */
import type { FakePackage } from './fake-packages';

const FONT = new Uint8Array([0x77, 0x4f, 0x46, 0x32, 0, 1, 2, 3]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

export const miniReact: FakePackage = {
  installPath: 'node_modules/mini-react',
  manifest: { name: 'mini-react', version: '18.3.1', main: 'index.js' },
  files: {
    'index.js': `'use strict';

if (process.env.NODE_ENV === 'production') {
  module.exports = require('./cjs/mini-react.production.min.js');
} else {
  module.exports = require('./cjs/mini-react.development.js');
}
`,
    'cjs/mini-react.development.js': `'use strict';
if (process.env.NODE_ENV !== "production") {
  (function () {
    var identity = { instance: Math.random() };
    function useState(initial) { return [initial, function () {}]; }
    function createElement(type, props) { return { type: type, props: props || {} }; }
    exports.identity = identity;
    exports.useState = useState;
    exports.createElement = createElement;
    exports.build = 'DEV_BUILD_MARKER';
    exports['not-an-identifier'] = 'dashed';
    exports.version = '18.3.1';
  })();
}
`,
    'cjs/mini-react.production.min.js': `'use strict';var i={instance:Math.random()};exports.identity=i;exports.useState=function(v){return[v,function(){}]};exports.createElement=function(t,p){return{type:t,props:p||{}}};exports.build='PROD_BUILD_MARKER';exports['not-an-identifier']='dashed';exports.version='18.3.1';`,
  },
};

export const miniScheduler: FakePackage = {
  installPath: 'node_modules/mini-scheduler',
  manifest: { name: 'mini-scheduler', version: '0.23.2', main: 'index.js' },
  files: { 'index.js': `'use strict';\nexports.now = function () { return 42; };\n` },
};

export const miniReactDom: FakePackage = {
  installPath: 'node_modules/mini-react-dom',
  manifest: {
    name: 'mini-react-dom',
    version: '18.3.1',
    main: 'index.js',
    dependencies: { 'mini-scheduler': '^0.23.2' },
    peerDependencies: { 'mini-react': '^18.3.1' },
  },
  files: {
    'index.js': `'use strict';
function checkDCE() {}
if (process.env.NODE_ENV === 'production') {
  checkDCE();
  module.exports = require('./cjs/mini-react-dom.production.min.js');
} else {
  module.exports = require('./cjs/mini-react-dom.development.js');
}
`,
    'cjs/mini-react-dom.development.js': `'use strict';
var React = require('mini-react');
var Scheduler = require('mini-scheduler');
function createRoot(container) {
  return { container: container, render: function (el) { container.rendered = el; }, react: React, now: Scheduler.now() };
}
exports.createRoot = createRoot;
exports.reactIdentity = React.identity;
exports.__SECRET_INTERNALS = { React: React };
`,
    'cjs/mini-react-dom.production.min.js': `'use strict';var R=require('mini-react');exports.createRoot=function(c){return{container:c,react:R}};exports.reactIdentity=R.identity;`,
    'client.js': `'use strict';

var m = require('mini-react-dom');
if (process.env.NODE_ENV === 'production') {
  exports.createRoot = m.createRoot;
} else {
  var i = m.__SECRET_INTERNALS;
  exports.createRoot = function (c, o) {
    i.usingClientEntryPoint = true;
    try {
      return m.createRoot(c, o);
    } finally {
      i.usingClientEntryPoint = false;
    }
  };
}
`,
  },
};

export const miniLodashEs: FakePackage = {
  installPath: 'node_modules/mini-lodash-es',
  manifest: {
    name: 'mini-lodash-es',
    version: '4.17.21',
    type: 'module',
    sideEffects: false,
    exports: {
      '.': {
        import: { development: './index.dev.js', default: './index.js' },
        require: './index.cjs',
      },
      './debounce': './debounce.js',
      './fp/*': './fp/*.js',
      './internal/*': null,
      './package.json': './package.json',
    },
  },
  files: {
    'index.js': `export { default as debounce } from './debounce.js';\nexport { default as isObject } from './isObject.js';\nexport const build = 'default';\n`,
    'index.dev.js': `export { default as debounce } from './debounce.js';\nexport { default as isObject } from './isObject.js';\nexport const build = 'development';\n`,
    'index.cjs': `exports.build = 'require';\n`,
    'debounce.js': `import isObject from './isObject.js';
import { unused } from './unused.js';
export default function debounce(fn, wait) {
  let timer;
  const options = isObject(wait) ? wait : { wait };
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), options.wait);
  };
}
`,
    'isObject.js': `export default function isObject(value) {\n  return value != null && typeof value === 'object';\n}\n`,
    'unused.js': `export const unused = 'UNUSED_MODULE_MARKER';\nconsole.log('side effect');\n`,
    'fp/map.js': `export default (f) => (xs) => xs.map(f);\n`,
    'internal/secret.js': `export default 1;\n`,
  },
};

export const miniBrowser: FakePackage = {
  installPath: 'node_modules/mini-browser',
  manifest: {
    name: 'mini-browser',
    version: '2.0.0',
    main: 'lib/index.js',
    browser: { './lib/node.js': './lib/browser.js', fs: false, './lib/optional': false },
  },
  files: {
    'lib/index.js': `var impl = require('./node.js');
var fs = require('fs');
var optional = require('./optional');
exports.where = impl.where;
exports.hasFs = typeof fs.readFileSync === 'function';
exports.optional = optional;
exports.nodeEnv = process.env.NODE_ENV;
exports.isBrowser = process.browser;
exports.globalIsGlobalThis = global === globalThis;
`,
    'lib/node.js': `exports.where = 'node';\n`,
    'lib/browser.js': `exports.where = 'browser';\n`,
    'lib/optional.js': `exports.loaded = true;\n`,
  },
};

export const miniStyles: FakePackage = {
  installPath: 'node_modules/mini-styles',
  manifest: { name: 'mini-styles', version: '1.2.0', main: 'index.js', style: 'dist/style.css' },
  files: {
    'index.js': `import './dist/style.css';\nimport styles from './dist/button.module.css';\nexport const className = 'mini';\nexport const button = styles.btn;\n`,
    'dist/button.module.css': `.btn { color: green; }\n`,
    'dist/style.css': `@import './base.css';
@font-face { font-family: Mini; src: url(../fonts/mini.woff2) format('woff2'); }
.mini { background: url("./img/bg.png?v=1#x"); }
.remote { background: url(data:image/gif;base64,R0lGOD==); }
`,
    'dist/base.css': `.base { color: red; }\n`,
    'dist/img/bg.png': PNG,
    'fonts/mini.woff2': FONT,
  },
};

export const miniData: FakePackage = {
  installPath: 'node_modules/mini-data',
  manifest: { name: 'mini-data', version: '1.0.0', main: 'index.js' },
  files: {
    'index.js': `var data = require('./data.json');\nexports.answer = data.answer;\nexports.data = data;\n`,
    'data.json': `{ "answer": 42, "list": [1, 2, 3] }`,
  },
};

/** Names assigned the way lodash does, which cjs-module-lexer cannot see. */
export const miniLodash: FakePackage = {
  installPath: 'node_modules/mini-lodash',
  manifest: { name: 'mini-lodash', version: '4.17.21', main: 'lodash.js' },
  files: {
    'lodash.js': `;(function () {
  function lodash(value) { return value; }
  lodash.debounce = function debounce(fn) { return fn; };
  lodash.VERSION = '4.17.21';
  var freeModule = typeof module == 'object' && module && !module.nodeType && module;
  if (freeModule) {
    (freeModule.exports = lodash)._ = lodash;
  }
}.call(this));
`,
  },
};

export const miniLodashUser: FakePackage = {
  installPath: 'node_modules/mini-lodash-user',
  manifest: {
    name: 'mini-lodash-user',
    version: '1.0.0',
    module: 'index.mjs',
    dependencies: { 'mini-lodash': '4', 'mini-react': '18' },
  },
  files: {
    'index.mjs': `import _, { debounce, VERSION } from 'mini-lodash';
export const ok = typeof debounce === 'function' && _.VERSION === VERSION && VERSION === '4.17.21';
export * from './more.mjs';
`,
    // Star re-exports of CommonJS keep the facade's names.
    'more.mjs': `export * from 'mini-react';\n`,
  },
};

export const miniJsonUser: FakePackage = {
  installPath: 'node_modules/mini-json-user',
  manifest: { name: 'mini-json-user', version: '1.0.0', main: 'index.js', dependencies: { 'mini-data': '1' } },
  files: {
    'index.js': `exports.answer = require('mini-data/data.json').answer;
exports.dataVersion = require('mini-data/package.json').version;
`,
  },
};

export const miniWasm: FakePackage = {
  installPath: 'node_modules/mini-wasm',
  manifest: { name: 'mini-wasm', version: '1.0.0', type: 'module', exports: './src/index.js' },
  files: {
    'src/index.js': `export const wasmUrl = new URL('../lib/mini.wasm', import.meta.url).href;\n`,
    'lib/mini.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d]),
  },
};

export const scoped: FakePackage = {
  installPath: 'node_modules/@mini/scoped',
  manifest: {
    name: '@mini/scoped',
    version: '3.1.0',
    exports: { '.': './index.mjs', './utils': './utils.mjs', './theme.css': './theme.css' },
    imports: { '#internal': './internal.mjs' },
    dependencies: { 'mini-lodash-es': '^4.17.21' },
  },
  files: {
    'index.mjs': `import { debounce } from 'mini-lodash-es';
import internal from '#internal';
export const scoped = internal + ':' + typeof debounce;
export default 'scoped-default';
`,
    'utils.mjs': `export const util = 'util';\n`,
    'internal.mjs': `export default 'internal';\n`,
    'theme.css': `.theme { color: blue; }\n`,
  },
};

export const miniDep1: FakePackage = {
  installPath: 'node_modules/mini-dep',
  manifest: { name: 'mini-dep', version: '1.0.0', module: 'index.mjs', main: 'index.cjs' },
  files: { 'index.mjs': `export const version = 'one';\n`, 'index.cjs': `exports.version = 'one-cjs';\n` },
};

export const usesDep2: FakePackage = {
  installPath: 'node_modules/uses-dep-2',
  manifest: { name: 'uses-dep-2', version: '1.0.0', module: 'index.js', dependencies: { 'mini-dep': '^2.0.0' } },
  files: { 'index.js': `export { version as depVersion } from 'mini-dep';\n` },
};

export const miniDep2: FakePackage = {
  installPath: 'node_modules/uses-dep-2/node_modules/mini-dep',
  manifest: { name: 'mini-dep', version: '2.0.0', module: 'index.mjs' },
  files: { 'index.mjs': `export const version = 'two';\n` },
};

export const ALL_FIXTURES: FakePackage[] = [
  miniReact,
  miniScheduler,
  miniReactDom,
  miniLodashEs,
  miniBrowser,
  miniStyles,
  miniData,
  miniJsonUser,
  miniLodash,
  miniLodashUser,
  miniWasm,
  scoped,
  miniDep1,
  usesDep2,
  miniDep2,
];
