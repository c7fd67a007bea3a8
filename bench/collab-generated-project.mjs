// A generated project for the collaboration benchmarks: deterministic
// (seeded), code-like TS/TSX/CSS text, mostly 1-10 KB files, ~14 MiB for 2,000.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'user item list state value count index event props theme route store cache query input panel'.split(' ');
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function tsLine(r, i) {
  const a = WORDS[Math.floor(r() * WORDS.length)];
  const b = WORDS[Math.floor(r() * WORDS.length)];
  switch (i % 6) {
    case 0:
      return `import { ${a}${cap(b)} } from '../${a}/${b}';`;
    case 1:
      return `export function get${cap(a)}${cap(b)}(${a}: ${cap(b)}[], limit = ${Math.floor(r() * 100)}) {`;
    case 2:
      return `  const ${a}${i} = ${a}.filter((x) => x.${b} !== undefined).slice(0, limit);`;
    case 3:
      return `  if (${a}${i - 1}.length > ${Math.floor(r() * 50)}) return { ${b}: ${a}${i - 1}, total: ${a}.length };`;
    case 4:
      return `  return ${a}${i - 2}.map((${b}) => ({ ...${b}, ${a}: String(${b}.${a} ?? '') }));`;
    default:
      return '}\n';
  }
}

function tsxLine(r, i) {
  const a = WORDS[Math.floor(r() * WORDS.length)];
  if (i % 7 === 3) return `    <div className={styles.${a}} data-${a}={props.${a}}>{props.${a}}</div>`;
  if (i % 7 === 5) return `  const [${a}, set${cap(a)}] = useState(props.${a});`;
  return tsLine(r, i);
}

function cssLine(r, i) {
  const a = WORDS[Math.floor(r() * WORDS.length)];
  const rules = [
    `.${a}-${i} {`,
    `  display: flex;`,
    `  padding: ${Math.floor(r() * 24)}px ${Math.floor(r() * 24)}px;`,
    `  color: var(--${a}-color, #${Math.floor(r() * 0xffffff)
      .toString(16)
      .padStart(6, '0')});`,
    `}\n`,
  ];
  return rules[i % rules.length];
}

/** 2,000 files: ~45% .tsx, ~35% .ts, ~20% .css; 90% of them 1-10 KB, 10% 10-30 KB. */
export function generateProject(count = 2000, seed = 42) {
  const r = rng(seed);
  const files = [];
  for (let n = 0; n < count; n++) {
    const roll = r();
    const ext = roll < 0.45 ? 'tsx' : roll < 0.8 ? 'ts' : 'css';
    const area = ['components', 'features', 'pages', 'lib', 'hooks', 'styles'][n % 6];
    const path = `src/${area}/group${Math.floor(n / 40)}/${WORDS[n % WORDS.length]}${n}.${ext}`;
    const size = r() < 0.9 ? 1024 + r() * 9 * 1024 : 10 * 1024 + r() * 20 * 1024;
    const line = ext === 'css' ? cssLine : ext === 'tsx' ? tsxLine : tsLine;
    const lines = [];
    let length = 0;
    for (let i = 0; length < size; i++) {
      const l = line(r, i);
      lines.push(l);
      length += l.length + 1;
    }
    files.push({ id: `f${n.toString(36).padStart(11, '0')}`, path, content: lines.join('\n') });
  }
  return files;
}
