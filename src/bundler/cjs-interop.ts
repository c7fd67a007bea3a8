/**
 * Named imports of CommonJS packages in project code. A CommonJS package's facade exports the
 * names cjs-module-lexer can see; some packages (lodash's UMD build) hide theirs. For those,
 * `import { debounce } from 'lodash'` is rewritten to read the name off `module.exports` at run
 * time, as Vite does. Line breaks are kept so source maps still line up.
 */
import { parse } from 'es-module-lexer';
import { isNpmUrl } from './deps/npm-url';

export type ModuleInfo = { commonJs: boolean; exports: string[] } | undefined;

interface Clause {
  defaultName?: string;
  namespace?: string;
  named: { imported: string; local: string }[];
}

const CLAUSE = /^import\s+([\s\S]*?)\s*from\s*$/;

/** Parses the bindings between `import` and `from`; undefined for shapes it does not handle. */
function parseClause(text: string): Clause | undefined {
  const m = CLAUSE.exec(text);
  if (!m) return undefined;
  let rest = m[1].trim();
  const clause: Clause = { named: [] };
  const def = /^([\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_]*)\s*(?:,\s*|$)/u.exec(rest);
  if (def && !rest.startsWith('{') && !rest.startsWith('*')) {
    clause.defaultName = def[1];
    rest = rest.slice(def[0].length).trim();
  }
  if (!rest) return clause;
  const ns = /^\*\s*as\s+([\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_]*)$/u.exec(rest);
  if (ns) {
    clause.namespace = ns[1];
    return clause;
  }
  if (!rest.startsWith('{') || !rest.endsWith('}')) return undefined;
  for (const part of rest.slice(1, -1).split(',')) {
    const item = part.trim();
    if (!item) continue;
    if (item.startsWith('type ')) continue;
    const as = /^(\S+)\s+as\s+(\S+)$/.exec(item);
    const imported = as ? as[1] : item;
    if (/^["']/.test(imported)) return undefined;
    clause.named.push({ imported, local: as ? as[2] : item });
  }
  return clause;
}

/**
 * Rewrites imports of CommonJS packages whose named imports the facade lacks (and namespace
 * imports of CommonJS packages). `info` gives each `/@npm/` URL's format and export names.
 */
export async function interopCommonJsImports(
  code: string,
  info: (url: string) => Promise<ModuleInfo>,
): Promise<string> {
  const [imports] = parse(code);
  const candidates = imports.flatMap((imp) =>
    imp.type === 'static' && !imp.typeOnly && isNpmUrl(imp.specifier) && !imp.specifier.includes('/-/') ? [imp] : [],
  );
  if (!candidates.length) return code;
  const infos = await Promise.all(candidates.map((imp) => info(imp.specifier).catch(() => undefined)));
  let out = '';
  let last = 0;
  let counter = 0;
  candidates.forEach((imp, i) => {
    const meta = infos[i];
    if (!meta?.commonJs) return;
    const statement = code.slice(imp.importStart, imp.importEnd);
    const head = code.slice(imp.importStart, imp.start - 1);
    const clause = parseClause(head.trim());
    if (!clause) return;
    const known = new Set(meta.exports);
    const missing = clause.named.some((n) => n.imported !== 'default' && !known.has(n.imported));
    if (!missing && !clause.namespace) return;
    const local = clause.defaultName ?? `__cove_cjs${counter++}`;
    const parts = [`import ${local} from ${JSON.stringify(imp.specifier)};`];
    const named = clause.named.map((n) => (n.imported === n.local ? n.local : `${n.imported}: ${n.local}`));
    if (named.length) parts.push(`const { ${named.join(', ')} } = ${local};`);
    if (clause.namespace)
      parts.push(`const ${clause.namespace} = Object.assign(Object.create(null), ${local}, { default: ${local} });`);
    const newlines = statement.split('\n').length - 1;
    out += code.slice(last, imp.importStart) + parts.join(' ') + '\n'.repeat(newlines);
    last = imp.importEnd;
  });
  return out + code.slice(last);
}
