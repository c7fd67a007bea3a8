/**
 * printf-style substitutions of console calls (`console.log('%s has %d', a, b)`),
 * applied before serializing so the IDE shows what devtools would.
 */

/**
 * Returns the arguments with the format string filled in. `%o`/`%O` keep their
 * object as its own argument (so it stays expandable), splitting the text there.
 */
export function applyFormat(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (typeof first !== 'string' || !first.includes('%')) return args;
  const out: unknown[] = [];
  let text = '';
  let next = 0;
  const re = /%([sdifoOc%])/g;
  let last = 0;
  for (let m = re.exec(first); m; m = re.exec(first)) {
    text += first.slice(last, m.index);
    last = m.index + m[0].length;
    const spec = m[1];
    if (spec === '%') {
      text += '%';
      continue;
    }
    if (next >= rest.length) {
      text += m[0];
      continue;
    }
    const arg = rest[next++];
    if (spec === 's') text += typeof arg === 'string' ? arg : stringify(arg);
    else if (spec === 'd' || spec === 'i')
      text += typeof arg === 'bigint' ? `${arg}n` : String(Math.trunc(Number(arg)));
    else if (spec === 'f') text += String(Number(arg));
    else if (spec === 'o' || spec === 'O') {
      if (text) out.push(text);
      out.push(arg);
      text = '';
    }
    // %c is CSS styling, which the IDE console does not apply.
  }
  text += first.slice(last);
  if (text || !out.length) out.push(text);
  return [...out, ...rest.slice(next)];
}

function stringify(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
