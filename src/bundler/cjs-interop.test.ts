import { init } from 'es-module-lexer';
import { beforeAll, describe, expect, it } from 'vitest';
import { interopCommonJsImports, type ModuleInfo } from './cjs-interop';

const LODASH = '/@npm/lodash@4.17.21';
const REACT = '/@npm/react@18.3.1';
const infos: Record<string, ModuleInfo> = {
  [LODASH]: { commonJs: true, exports: ['default', 'module.exports'] },
  [REACT]: { commonJs: true, exports: ['default', 'module.exports', 'useState'] },
};
const info = (url: string) => Promise.resolve(infos[url]);

describe('interopCommonJsImports', () => {
  beforeAll(async () => {
    await init;
  });

  it('reads names the facade lacks off module.exports, keeping the line count', async () => {
    const code = `import {\n  debounce,\n  throttle as t\n} from "${LODASH}";\nconsole.log(debounce, t);\n`;
    const out = await interopCommonJsImports(code, info);
    expect(out).toContain(`import __cove_cjs0 from "${LODASH}"; const { debounce, throttle: t } = __cove_cjs0;`);
    expect(out.split('\n').length).toBe(code.split('\n').length);
    expect(out).toContain('console.log(debounce, t);');
  });

  it('keeps a default import as the object the names come from', async () => {
    const out = await interopCommonJsImports(`import _, { chunk } from "${LODASH}";\n`, info);
    expect(out).toContain(`import _ from "${LODASH}"; const { chunk } = _;`);
  });

  it('gives a namespace import the CommonJS exports and a default', async () => {
    const out = await interopCommonJsImports(`import * as _ from "${LODASH}";\n_.chunk([1], 1);\n`, info);
    expect(out).toMatch(/const _ = Object\.assign\(Object\.create\(null\), __cove_cjs0, \{ default: __cove_cjs0 \}\);/);
  });

  it('leaves imports alone when the facade has every name, or the package is ESM', async () => {
    const code = `import { useState } from "${REACT}";\nimport { h } from "/@npm/preact@10.29.8";\nimport "./x.css";\n`;
    expect(await interopCommonJsImports(code, info)).toBe(code);
  });
});
