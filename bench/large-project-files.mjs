// The fixed files of the generated large project (bench/large-project.mjs):
// the Vite scaffolding (as templates/vanilla-ts has it), the shared modules in
// src/lib and the global stylesheet.

const TONES = ['neutral', 'info', 'success', 'warning', 'danger'];

const PACKAGE_JSON = `{
  "name": "large-ts",
  "private": true,
  "version": "0.0.0",
  "type": "module",
  "scripts": {
    "dev": "vite",
    "build": "tsc && vite build",
    "preview": "vite preview"
  },
  "devDependencies": {
    "typescript": "^5.9.3",
    "vite": "^8.3.8"
  }
}
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "useDefineForClassFields": true,
    "module": "ESNext",
    "lib": ["ES2022", "DOM", "DOM.Iterable"],
    "types": ["vite/client"],
    "skipLibCheck": true,
    "moduleResolution": "bundler",
    "allowImportingTsExtensions": true,
    "resolveJsonModule": true,
    "verbatimModuleSyntax": true,
    "moduleDetection": "force",
    "noEmit": true,
    "strict": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noFallthroughCasesInSwitch": true
  },
  "include": ["src"]
}
`;

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Large TypeScript project</title>
  </head>
  <body>
    <div id="app"></div>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`;

const DOM_TS = `export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes and children (falsy children are skipped). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
  return el;
}

/** A component's root: every component marks itself so main.ts can count what rendered. */
export function component<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  name: string,
  attrs: Attrs,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return h(tag, { ...attrs, 'data-component': name }, ...children);
}
`;

const FORMAT_TS = `const numbers = new Intl.NumberFormat('en-US');

export interface Money {
  readonly amount: number;
  readonly currency: 'EUR' | 'USD' | 'GBP';
}

export function formatCount(n: number, noun: string): string {
  return \`\${numbers.format(n)} \${noun}\${n === 1 ? '' : 's'}\`;
}

export function formatMoney({ amount, currency }: Money): string {
  return \`\${currency} \${(amount / 100).toFixed(2)}\`;
}

export function formatLabel(text: string, max = 32): string {
  const clean = text.replace(/[-_]+/g, ' ').trim();
  return clean.length > max ? \`\${clean.slice(0, max - 1)}…\` : clean[0].toUpperCase() + clean.slice(1);
}

/** A fixed date, so the page is the same on every load. */
export function formatDay(dayOfYear: number): string {
  const d = new Date(Date.UTC(2026, 0, 1 + dayOfYear));
  return d.toISOString().slice(0, 10);
}
`;

const THEME_TS = `export type Tone = ${TONES.map((t) => `'${t}'`).join(' | ')};

export const tones = [${TONES.map((t) => `'${t}'`).join(', ')}] as const satisfies readonly Tone[];

export function toneClass(tone: Tone, prefix = 'tone'): string {
  return \`\${prefix}-\${tone}\`;
}

export function toneAt(index: number): Tone {
  return tones[index % tones.length];
}
`;

const STYLE_CSS = `body {
  margin: 0;
  font-family: system-ui, sans-serif;
  color: #1d2430;
  background: #f6f7f9;
}
#done {
  margin: 0;
  padding: 8px 16px;
  background: #1d2430;
  color: #fff;
}
.section {
  padding: 16px;
}
.group {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
  gap: 8px;
}
.card {
  border: 1px solid #d5d9e0;
  border-radius: 6px;
  padding: 8px;
  background: #fff;
}
${TONES.map((t, i) => `.tone-${t} {\n  border-left: 3px solid hsl(${i * 70}, 60%, 45%);\n}`).join('\n')}
`;

/** Path → text; the .ts files among them count towards the project's modules. */
export const FIXED_FILES = {
  'index.html': INDEX_HTML,
  'package.json': PACKAGE_JSON,
  'tsconfig.json': TSCONFIG,
  '.gitignore': 'node_modules\ndist\n',
  'src/style.css': STYLE_CSS,
  'src/lib/dom.ts': DOM_TS,
  'src/lib/format.ts': FORMAT_TS,
  'src/lib/theme.ts': THEME_TS,
};
