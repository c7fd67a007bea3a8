// A generated TypeScript project for the large-project scenarios (S3, S5): a
// component tree index.html → src/main.ts → sections → groups → leaf cards,
// `modules` .ts modules in all (1,000 by default), every one loaded at run
// time. Components build DOM elements from typed props (interfaces, type
// aliases, generics, parameter properties, `satisfies`), so type stripping
// has real work; shared utilities in src/lib are imported by many; about one
// leaf in ten imports its own plain .css file (those are extra files, not
// counted as modules). Deterministic: no randomness, names from the indices.
//
// When everything rendered, main.ts puts `<p id="done">N components</p>` at
// the top of the page, N counted in the DOM, so a missing module shows up.
import { FIXED_FILES } from './large-project-files.mjs';

const SECTIONS = ['overview', 'reports', 'billing', 'people', 'settings', 'inbox', 'calendar', 'files', 'search'];
const NOUNS = ['invoice', 'order', 'ticket', 'report', 'member', 'project', 'message', 'event', 'upload', 'task'];

const pad = (n) => String(n).padStart(2, '0');
const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** One of four shapes of leaf component, so the modules are not all alike. */
function leafModule({ name, noun, index, css, depth }) {
  const up = '../'.repeat(depth);
  const Name = cap(name.replace(/-(\w)/g, (_, c) => c.toUpperCase()));
  const variant = index % 4;
  // What each shape uses from src/lib/format.ts (unused imports would fail `tsc`).
  const format = [
    ['formatCount', 'formatDay', 'formatLabel'],
    ['formatLabel', 'formatMoney', 'type Money'],
    ['formatCount', 'formatDay', 'formatLabel'],
    ['formatCount', 'formatLabel', 'formatMoney', 'type Money'],
  ][variant];
  const imports = [
    `import { component, h } from '${up}lib/dom';`,
    `import { ${format.join(', ')} } from '${up}lib/format';`,
    `import { toneClass, type Tone } from '${up}lib/theme';`,
    ...(css ? [`import './${name}.css';`] : []),
  ].join('\n');
  const props = `export interface ${Name}Props {
  readonly title: string;
  readonly index: number;
  readonly tone: Tone;
  readonly tags?: readonly string[];
}`;
  let body;
  if (variant === 0) {
    body = `type Stat = { label: string; value: number; unit?: string };

const stats: Stat[] = [
  { label: '${noun}s', value: ${(index * 37) % 500} },
  { label: 'open', value: ${(index * 13) % 90}, unit: '%' },
  { label: 'late', value: ${(index * 7) % 20} },
];

export function ${Name}(props: ${Name}Props): HTMLElement {
  const rows = stats.map((s: Stat) => h('li', {}, formatLabel(s.label), ': ', s.value, s.unit ?? ''));
  return component(
    'article',
    '${Name}',
    { class: \`card \${toneClass(props.tone)}\`, 'data-index': props.index },
    h('h3', {}, formatLabel(props.title)),
    h('ul', {}, ...rows),
    h('small', {}, formatCount(stats.length, 'stat'), ' · ', formatDay(props.index)),
  );
}`;
  } else if (variant === 1) {
    body = `interface Line {
  id: number;
  ${noun}: string;
  total: Money;
}

function pick<T, K extends keyof T>(items: readonly T[], key: K): T[K][] {
  return items.map((item) => item[key]);
}

const lines: Line[] = Array.from({ length: ${3 + (index % 5)} }, (_, i) => ({
  id: i,
  ${noun}: \`${noun}-${index}-\${i}\`,
  total: { amount: ${(index * 101) % 10000} + i * 250, currency: 'EUR' },
}));

export function ${Name}(props: ${Name}Props): HTMLElement {
  const totals = pick(lines, 'total');
  const table = h(
    'table',
    {},
    ...lines.map((line, i) => h('tr', {}, h('td', {}, line.${noun}), h('td', {}, formatMoney(totals[i])))),
  );
  return component(
    'article',
    '${Name}',
    { class: \`card \${toneClass(props.tone)}\` },
    h('h3', {}, formatLabel(props.title)),
    table,
    props.tags?.length ? h('p', {}, props.tags.join(', ')) : null,
  );
}`;
  } else if (variant === 2) {
    body = `class Counter {
  private count = ${index % 10};

  constructor(
    private readonly label: string,
    private readonly step: number = 1,
  ) {}

  render(): HTMLButtonElement {
    const button = h('button', { type: 'button' }, this.text());
    button.addEventListener('click', () => {
      this.count += this.step;
      button.textContent = this.text();
    });
    return button;
  }

  private text(): string {
    return \`\${this.label}: \${formatCount(this.count, 'click')}\`;
  }
}

export function ${Name}(props: ${Name}Props): HTMLElement {
  const counter = new Counter(formatLabel(props.title), ${1 + (index % 3)});
  return component(
    'article',
    '${Name}',
    { class: \`card \${toneClass(props.tone)}\`, 'data-since': formatDay(props.index * 3) },
    h('h3', {}, formatLabel(props.title)),
    counter.render(),
  );
}`;
  } else {
    body = `const statuses = {
  draft: 'Draft',
  review: 'In review',
  done: 'Done',
} as const satisfies Record<string, string>;

type Status = keyof typeof statuses;

const order: readonly Status[] = ['draft', 'review', 'done'];

function statusOf(n: number): Status {
  return order[n % order.length] as Status;
}

export function ${Name}(props: ${Name}Props): HTMLElement {
  const status: Status = statusOf(props.index);
  const badge = h('span', { class: \`badge badge-\${status}\` }, statuses[status]);
  const amount = { amount: ${(index * 59) % 90000}, currency: 'USD' } satisfies Money;
  return component(
    'article',
    '${Name}',
    { class: \`card \${toneClass(props.tone)}\` },
    h('h3', {}, formatLabel(props.title), ' ', badge),
    h('p', {}, formatMoney(amount), ' · ', formatCount(props.tags?.length ?? 0, 'tag')),
  );
}`;
  }
  return { code: `${imports}\n\n${props}\n\n${body}\n`, exportName: Name };
}

function leafCss(name, index) {
  return `.${name} {
  outline: 1px dashed hsl(${(index * 47) % 360}, 50%, 60%);
}
.badge {
  display: inline-block;
  padding: 0 6px;
  border-radius: 8px;
  background: hsl(${(index * 47) % 360}, 70%, 92%);
  font-size: 12px;
}
`;
}

function groupModule({ name, title, leaves }) {
  const Name = `${cap(name.replace(/-(\w)/g, (_, c) => c.toUpperCase()))}Group`;
  const imports = leaves.map((l) => `import { ${l.exportName} } from './${l.file}';`).join('\n');
  const code = `import { component, h } from '../../../lib/dom';
import { formatCount, formatLabel } from '../../../lib/format';
import { toneAt, type Tone } from '../../../lib/theme';
${imports}

export interface ${Name}Props {
  readonly section: string;
  readonly offset: number;
}

type Leaf = (props: { title: string; index: number; tone: Tone; tags?: readonly string[] }) => HTMLElement;

const leaves: ReadonlyArray<[string, Leaf]> = [
${leaves.map((l) => `  ['${l.title}', ${l.exportName}],`).join('\n')}
];

export function ${Name}(props: ${Name}Props): HTMLElement {
  const cards = leaves.map(([title, Leaf], i) =>
    Leaf({ title, index: props.offset + i, tone: toneAt(props.offset + i), tags: [props.section, '${title}'] }),
  );
  return component(
    'div',
    '${Name}',
    { class: 'group-wrap' },
    h('h2', {}, formatLabel('${title}'), ' (', formatCount(cards.length, 'card'), ')'),
    h('div', { class: 'group' }, ...cards),
  );
}
`;
  return { code, exportName: Name };
}

function sectionModule({ name, groups }) {
  const Name = `${cap(name)}Section`;
  const imports = groups.map((g) => `import { ${g.exportName} } from './${g.dir}/${g.file}';`).join('\n');
  const code = `import { component, h } from '../../lib/dom';
import { formatLabel } from '../../lib/format';
${imports}

export interface ${Name}Props {
  readonly start: number;
}

export function ${Name}({ start }: ${Name}Props): HTMLElement {
  let offset = start;
  const groups: HTMLElement[] = [];
${groups
  .map((g) => `  groups.push(${g.exportName}({ section: '${name}', offset }));\n  offset += ${g.leafCount};`)
  .join('\n')}
  return component('section', '${Name}', { class: 'section', id: '${name}' }, h('h1', {}, formatLabel('${name}')), ...groups);
}
`;
  return { code, exportName: Name };
}

function mainModule(sections) {
  return `import './style.css';
import { h } from './lib/dom';
${sections.map((s) => `import { ${s.exportName} } from './sections/${s.name}/${s.file}';`).join('\n')}

const app = document.querySelector<HTMLDivElement>('#app')!;
let start = 0;
${sections.map((s, i) => `app.append(${s.exportName}({ start }));${i < sections.length - 1 ? `\nstart += ${s.leafCount};` : ''}`).join('\n')}

// Counted in the DOM, not assumed: a component that failed to render lowers the count.
const rendered = app.querySelectorAll('[data-component]').length;
document.body.prepend(h('p', { id: 'done' }, \`\${rendered} components\`));
// When it finished, as wall-clock time: the bench measures edit-to-rendered without its own polling delay.
document.body.dataset.doneAt = String(performance.timeOrigin + performance.now());
`;
}

/**
 * @param {{ modules?: number }} [options]
 * @returns {{ files: Record<string, string>, leaf: string, marker: { selector: string, text: string },
 *   modules: number, components: number }}
 */
export function generateLargeProject({ modules = 1000 } = {}) {
  // Tree shape: ~cbrt(modules) sections of as many groups; the rest are leaf cards.
  const sectionCount = Math.min(SECTIONS.length + 1, Math.max(1, Math.round(Math.cbrt(modules))));
  const groupsPerSection = Math.max(1, Math.round(Math.cbrt(modules)));
  const groupCount = sectionCount * groupsPerSection;
  const libCount = Object.keys(FIXED_FILES).filter((p) => p.endsWith('.ts')).length;
  const leafCount = modules - 1 - libCount - sectionCount - groupCount;
  if (leafCount < groupCount) throw new Error(`generateLargeProject: ${modules} modules are too few for the tree`);

  const files = { ...FIXED_FILES };
  const sectionNames = [...SECTIONS, 'help'].slice(0, sectionCount);
  const sections = [];
  let leafIndex = 0;
  let editLeaf;
  for (let s = 0; s < sectionCount; s++) {
    const sectionName = sectionNames[s];
    const groups = [];
    for (let g = 0; g < groupsPerSection; g++) {
      const gi = s * groupsPerSection + g;
      // Leaves spread evenly: the first (leafCount % groupCount) groups get one more.
      const n = Math.floor(leafCount / groupCount) + (gi < leafCount % groupCount ? 1 : 0);
      const dir = `${sectionName}-${pad(g)}`;
      const base = `src/sections/${sectionName}/${dir}`;
      const leaves = [];
      for (let l = 0; l < n; l++, leafIndex++) {
        const noun = NOUNS[leafIndex % NOUNS.length];
        const name = `${noun}-card-${String(leafIndex).padStart(3, '0')}`;
        const css = leafIndex % 10 === 3;
        const { code, exportName } = leafModule({ name, noun, index: leafIndex, css, depth: 3 });
        files[`${base}/${name}.ts`] = code;
        if (css) files[`${base}/${name}.css`] = leafCss(name, leafIndex);
        leaves.push({ file: name, exportName, css, title: `${noun} ${leafIndex}` });
      }
      const group = groupModule({ name: dir, title: `${sectionName} ${NOUNS[g % NOUNS.length]}s`, leaves });
      const file = `${dir}-group`;
      files[`${base}/${file}.ts`] = group.code;
      groups.push({ dir, file, exportName: group.exportName, leafCount: n });
      // The leaf S5 edits: in the middle of the tree, one without CSS.
      if (s === Math.floor(sectionCount / 2) && g === Math.floor(groupsPerSection / 2))
        editLeaf = `${base}/${leaves.find((l) => !l.css).file}.ts`;
    }
    const section = sectionModule({ name: sectionName, groups });
    const file = `${sectionName}-section`;
    files[`src/sections/${sectionName}/${file}.ts`] = section.code;
    sections.push({
      name: sectionName,
      file,
      exportName: section.exportName,
      leafCount: groups.reduce((a, g) => a + g.leafCount, 0),
    });
  }
  files['src/main.ts'] = mainModule(sections);

  const tsCount = Object.keys(files).filter((p) => p.endsWith('.ts')).length;
  if (tsCount !== modules) throw new Error(`generateLargeProject: made ${tsCount} .ts modules, not ${modules}`);
  const components = sectionCount + groupCount + leafCount;
  return {
    files,
    leaf: editLeaf,
    marker: { selector: '#done', text: `${components} components` },
    modules,
    components,
  };
}
