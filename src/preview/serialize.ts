/**
 * Turning any value the page logs into a SerializedValue: a plain, cloneable
 * tree that the IDE console can show and expand. Never throws, never calls
 * getters, stops at cycles and at depth, entry, string and node limits.
 */
import type { SerializedValue } from '../shared/protocol';

export interface SerializeLimits {
  /** Levels of children kept below the logged value. */
  maxDepth: number;
  /** Children kept per object/array/map/set. */
  maxEntries: number;
  /** Characters kept per string. */
  maxString: number;
  /** Values serialized in one call (shared by all arguments of a console call). */
  maxNodes: number;
}

export const DEFAULT_LIMITS: SerializeLimits = { maxDepth: 4, maxEntries: 100, maxString: 10_000, maxNodes: 2_000 };

const PREVIEW_ENTRIES = 5;
const PREVIEW_STRING = 50;

type Obj = Record<PropertyKey, unknown>;

/** Serializes the arguments of one console call under one shared budget. */
export function serializeArgs(args: unknown[], limits: Partial<SerializeLimits> = {}): SerializedValue[] {
  const ctx = new Context({ ...DEFAULT_LIMITS, ...limits });
  return args.map((a) => ctx.value(a, 0));
}

export function serialize(value: unknown, limits: Partial<SerializeLimits> = {}): SerializedValue {
  return serializeArgs([value], limits)[0];
}

export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… [${s.length - max} more characters]` : s;
}

class Context {
  private nodes = 0;
  /** Objects on the path from the root to the current value: seeing one again is a cycle. */
  private ancestors = new Set<object>();

  constructor(private readonly limits: SerializeLimits) {}

  value(v: unknown, depth: number): SerializedValue {
    this.nodes++;
    if (typeof v === 'string') return { t: 'string', s: truncate(v, this.limits.maxString) };
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return primitive(v);
    if (this.ancestors.has(v)) return { t: 'cycle', s: '[Circular]', c: className(v) };
    const kind = kindOf(v);
    const out: SerializedValue = { t: kind, s: summary(v, kind, false) };
    const c = className(v);
    if (c && kind !== 'function') out.c = kind === 'error' ? errorName(v) : c;
    if (depth >= this.limits.maxDepth || this.nodes >= this.limits.maxNodes) return out;
    const entries = this.children(v, kind);
    if (!entries) return out;
    this.ancestors.add(v);
    try {
      const e: [string, SerializedValue][] = [];
      for (const [key, child] of entries) {
        if (e.length >= this.limits.maxEntries || this.nodes >= this.limits.maxNodes) {
          e.push(['…', { t: 'more', s: 'more entries not shown' }]);
          break;
        }
        e.push([key, child === ACCESSOR ? { t: 'more', s: '(…)' } : this.value(child, depth + 1)]);
      }
      if (e.length) out.e = e;
    } finally {
      this.ancestors.delete(v);
    }
    return out;
  }

  /** Children as [key, value] pairs, lazily, so that huge objects are not walked. */
  private children(v: object, kind: SerializedValue['t']): Iterable<[string, unknown]> | undefined {
    switch (kind) {
      case 'map':
        return mapEntries(v as Map<unknown, unknown>);
      case 'set':
        return setEntries(v as Set<unknown>);
      case 'error':
        return errorEntries(v as Error, this.limits.maxString);
      case 'dom':
        return domChildren(v as Node);
      case 'date':
      case 'regexp':
        return undefined;
      case 'function':
        return undefined;
      default:
        return ownEntries(v);
    }
  }
}

/** Marks a property defined by a getter: shown as `(…)` like devtools, never called. */
const ACCESSOR = Symbol('accessor');

function primitive(v: unknown): SerializedValue {
  switch (typeof v) {
    case 'undefined':
      return { t: 'undefined', s: 'undefined' };
    case 'boolean':
      return { t: 'boolean', s: String(v) };
    case 'number':
      return { t: 'number', s: Object.is(v, -0) ? '-0' : String(v) };
    case 'bigint':
      return { t: 'bigint', s: `${v}n` };
    case 'symbol':
      return { t: 'symbol', s: (v as symbol).toString() };
    default:
      return { t: 'null', s: 'null' };
  }
}

function tag(v: object): string {
  try {
    return Object.prototype.toString.call(v);
  } catch {
    return '[object Object]';
  }
}

function isDomNode(v: object): v is Node {
  try {
    const n = v as { nodeType?: unknown; nodeName?: unknown };
    return typeof n.nodeType === 'number' && typeof n.nodeName === 'string' && tag(v) !== '[object Object]';
  } catch {
    return false;
  }
}

function kindOf(v: object): SerializedValue['t'] {
  if (typeof v === 'function') return 'function';
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return ArrayBuffer.isView(v) && !isTypedArray(v) ? 'object' : 'array';
  switch (tag(v)) {
    case '[object Error]':
      return 'error';
    case '[object Map]':
      return 'map';
    case '[object Set]':
      return 'set';
    case '[object Date]':
      return 'date';
    case '[object RegExp]':
      return 'regexp';
  }
  if (v instanceof Error) return 'error';
  if (isDomNode(v)) return 'dom';
  return 'object';
}

function isTypedArray(v: object): v is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** The constructor's name for class instances and built-ins (`Foo`, `Map`); undefined for plain objects. */
function className(v: object): string | undefined {
  try {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === null) return undefined;
    const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
    const ctor = desc && 'value' in desc ? (desc.value as unknown) : undefined;
    const name = typeof ctor === 'function' ? ctor.name : '';
    if (!name || proto === Object.prototype || proto === Array.prototype) return undefined;
    return name;
  } catch {
    return undefined;
  }
}

function errorName(v: object): string {
  const name = safeGet(v, 'name');
  return typeof name === 'string' && name ? name : (className(v) ?? 'Error');
}

function safeGet(v: object, key: PropertyKey): unknown {
  try {
    return (v as Obj)[key];
  } catch {
    return undefined;
  }
}

function* ownEntries(v: object): Iterable<[string, unknown]> {
  let keys: PropertyKey[];
  try {
    keys = Reflect.ownKeys(v);
  } catch {
    return;
  }
  const isArr = Array.isArray(v) || isTypedArray(v);
  for (const key of keys) {
    if (isArr && key === 'length') continue;
    let desc: PropertyDescriptor | undefined;
    try {
      desc = Object.getOwnPropertyDescriptor(v, key);
    } catch {
      continue;
    }
    if (!desc || !desc.enumerable) continue;
    yield [typeof key === 'symbol' ? key.toString() : String(key), 'value' in desc ? desc.value : ACCESSOR];
  }
}

function* mapEntries(m: Map<unknown, unknown>): Iterable<[string, unknown]> {
  try {
    for (const [k, val] of m) yield [shortSummary(k), val];
  } catch {
    // A Map-like that refuses iteration.
  }
}

function* setEntries(s: Set<unknown>): Iterable<[string, unknown]> {
  let i = 0;
  try {
    for (const val of s) yield [String(i++), val];
  } catch {
    // As above.
  }
}

function* errorEntries(e: Error, maxString: number): Iterable<[string, unknown]> {
  const stack = safeGet(e, 'stack');
  yield ['message', String(safeGet(e, 'message') ?? '')];
  if (typeof stack === 'string') yield ['stack', truncate(stack, maxString)];
  const cause = safeGet(e, 'cause');
  if (cause !== undefined) yield ['cause', cause];
  for (const entry of ownEntries(e)) if (!['message', 'stack', 'cause'].includes(entry[0])) yield entry;
}

function* domChildren(n: Node): Iterable<[string, unknown]> {
  const kids = safeGet(n, 'childNodes') as ArrayLike<Node> | undefined;
  if (!kids) return;
  for (let i = 0; i < kids.length; i++) yield [String(i), kids[i]];
}

// ---------------------------------------------------------------------------
// One-line summaries, devtools style: `{a: 1, b: {…}}`, `(3) [1, 2, 3]`, `Map(1) {"k" => 1}`.

function shortSummary(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(truncate(v, PREVIEW_STRING));
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return primitive(v).s;
  return summary(v, kindOf(v), true);
}

function summary(v: object, kind: SerializedValue['t'], nested: boolean): string {
  const c = className(v);
  switch (kind) {
    case 'function': {
      const name = String(safeGet(v, 'name') ?? '');
      let src = '';
      try {
        src = Function.prototype.toString.call(v);
      } catch {
        // Proxies of functions.
      }
      return src.startsWith('class') ? `class ${name}` : `ƒ ${name}()`;
    }
    case 'error': {
      const name = errorName(v);
      const message = String(safeGet(v, 'message') ?? '');
      return message ? `${name}: ${nested ? truncate(message, PREVIEW_STRING) : message}` : name;
    }
    case 'date': {
      const time = Date.prototype.getTime.call(v);
      return Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString();
    }
    case 'regexp':
      return RegExp.prototype.toString.call(v);
    case 'dom':
      return domSummary(v as Node);
    case 'map':
    case 'set': {
      const size = Number(safeGet(v, 'size') ?? 0);
      const head = `${c ?? (kind === 'map' ? 'Map' : 'Set')}(${size})`;
      if (nested) return head;
      const items = [...take(kind === 'map' ? mapEntries(v as Map<unknown, unknown>) : setEntries(v as Set<unknown>))];
      const parts = items.map(([k, val]) => (kind === 'map' ? `${k} => ${shortSummary(val)}` : shortSummary(val)));
      return `${head} {${parts.join(', ')}${size > parts.length ? ', …' : ''}}`;
    }
    case 'array': {
      const len = Number(safeGet(v, 'length') ?? 0);
      const head = c && c !== 'Array' ? `${c}(${len})` : nested ? `Array(${len})` : `(${len})`;
      if (nested) return head;
      const parts = [...take(ownEntries(v), 2 * PREVIEW_ENTRIES)].map(([, val]) =>
        val === ACCESSOR ? '(…)' : shortSummary(val),
      );
      return `${head} [${parts.join(', ')}${len > parts.length ? ', …' : ''}]`;
    }
    default: {
      if (nested) return c ?? '{…}';
      const all = [...take(ownEntries(v), PREVIEW_ENTRIES + 1)];
      const parts = all
        .slice(0, PREVIEW_ENTRIES)
        .map(([k, val]) => `${k}: ${val === ACCESSOR ? '(…)' : shortSummary(val)}`);
      const body = `{${parts.join(', ')}${all.length > PREVIEW_ENTRIES ? ', …' : ''}}`;
      return c ? `${c} ${body}` : body;
    }
  }
}

function domSummary(n: Node): string {
  switch (n.nodeType) {
    case 1: {
      const el = n as Element;
      const attrs: string[] = [];
      for (const name of ['id', 'class']) {
        const val = el.getAttribute?.(name);
        if (val) attrs.push(` ${name}="${truncate(val, PREVIEW_STRING)}"`);
      }
      return `<${el.nodeName.toLowerCase()}${attrs.join('')}>`;
    }
    case 3:
      return JSON.stringify(truncate(n.textContent ?? '', PREVIEW_STRING));
    case 8:
      return `<!--${truncate(n.textContent ?? '', PREVIEW_STRING)}-->`;
    default:
      return n.nodeName;
  }
}

function* take<T>(it: Iterable<T>, n = PREVIEW_ENTRIES): Iterable<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of it) {
    yield x;
    if (++i >= n) return;
  }
}
