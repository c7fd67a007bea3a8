/** One logged value in the console: a primitive, or an expandable tree (native <details>, so keyboard works). */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { SerializedValue } from '../../shared/protocol';

/** Maps positions in a stack trace to project files (through the bundler's source maps). */
export const StackMapper = createContext<((stack: string) => Promise<string>) | undefined>(undefined);

export function ConsoleValue({ value, nested = false }: { value: SerializedValue; nested?: boolean }) {
  if (value.t === 'error') return <ErrorValue value={value} />;
  if (value.e?.length) return <TreeValue value={value} />;
  return <Leaf value={value} nested={nested} />;
}

function Leaf({ value, nested }: { value: SerializedValue; nested: boolean }) {
  // Top-level strings read as text, like devtools; nested ones are quoted.
  if (value.t === 'string') {
    return nested ? <span class="cv-string">{JSON.stringify(value.s)}</span> : <span class="cv-text">{value.s}</span>;
  }
  return <span class={`cv-${value.t}`}>{value.s}</span>;
}

function TreeValue({ value }: { value: SerializedValue }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="cv-tree" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary class={`cv-summary cv-${value.t}`}>{value.s}</summary>
      {open && (
        <div class="cv-children">
          {value.e?.map(([key, child], i) => (
            <div class="cv-prop" key={`${i}:${key}`}>
              {child.t === 'more' && key === '…' ? (
                <span class="cv-more">{child.s}</span>
              ) : (
                <>
                  <span class="cv-key">{key}</span>
                  <span class="cv-colon">: </span>
                  <ConsoleValue value={child} nested />
                </>
              )}
            </div>
          ))}
        </div>
      )}
    </details>
  );
}

/** An Error object: its summary and its stack (mapped to project files), details on demand. */
function ErrorValue({ value }: { value: SerializedValue }) {
  const stack = value.e?.find(([k]) => k === 'stack')?.[1].s;
  const extra = value.e?.filter(([k]) => k !== 'stack' && k !== 'message') ?? [];
  return (
    <span class="cv-error-value">
      {stack ? <MappedStack stack={stack} /> : <span class="cv-error">{value.s}</span>}
      {extra.length > 0 && <TreeValue value={{ t: 'object', s: 'details', e: extra }} />}
    </span>
  );
}

/** A stack trace, shown as given first and replaced by the mapped one when it arrives. */
export function MappedStack({ stack }: { stack: string }) {
  const mapStack = useContext(StackMapper);
  const [shown, setShown] = useState(stack);
  useEffect(() => {
    setShown(stack);
    if (!mapStack) return;
    let live = true;
    mapStack(stack).then(
      (mapped) => live && setShown(mapped),
      () => {
        // Keep the raw stack.
      },
    );
    return () => {
      live = false;
    };
  }, [stack, mapStack]);
  return <pre class="cv-stack">{shown}</pre>;
}
