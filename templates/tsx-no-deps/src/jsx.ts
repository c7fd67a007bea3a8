/**
 * A tiny JSX factory that builds real DOM nodes: `<li class="x">{text}</li>` becomes an
 * HTMLLIElement. No virtual DOM and no dependencies; re-render by replacing nodes.
 */
type Child = Node | string | number | boolean | null | undefined | Child[];
type Props = Record<string, unknown> | null;
type Component = (props: Record<string, unknown> & { children: Child[] }) => Node;

/** `<>...</>`: the children without a wrapper element. */
export function Fragment(props: { children?: Child[] }): Node {
  return append(document.createDocumentFragment(), props.children ?? []);
}

export function h(type: string | Component, props: Props, ...children: Child[]): Node {
  if (typeof type === 'function') return type({ ...props, children });
  const el = document.createElement(type);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    } else if (key === 'class' || key === 'className') {
      el.className = String(value);
    } else if (key === 'ref' && typeof value === 'function') {
      value(el);
    } else if (typeof value === 'boolean') {
      if (key in el) (el as unknown as Record<string, unknown>)[key] = value;
      else el.toggleAttribute(key, value);
    } else if (value != null) {
      el.setAttribute(key, String(value));
    }
  }
  return append(el, children);
}

function append<T extends Node>(parent: T, children: Child[]): T {
  for (const child of children.flat(Infinity as 1) as Child[]) {
    if (child == null || typeof child === 'boolean') continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

// Types for the TSX compiler: any lower-case tag with any attributes; elements are DOM nodes.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = Node;
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
    interface ElementChildrenAttribute {
      children: unknown;
    }
  }
}
