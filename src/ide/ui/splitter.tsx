/**
 * A pointer- and keyboard-draggable splitter (`role="separator"`). It controls the size of the pane
 * on one side: `side="before"` grows when dragged right/down, `side="after"` when dragged left/up.
 */
import { useRef } from 'preact/hooks';
import './splitter.css';

interface SplitterProps {
  label: string;
  /** `vertical` separates left and right panes (drag horizontally). */
  orientation: 'vertical' | 'horizontal';
  side: 'before' | 'after';
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  /** Called when a drag or key press ends, to persist the size. */
  onCommit?: () => void;
}

export function Splitter(p: SplitterProps) {
  const start = useRef<{ pos: number; value: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(p.max, Math.max(p.min, v)));
  const sign = p.side === 'before' ? 1 : -1;

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    start.current = { pos: p.orientation === 'vertical' ? e.clientX : e.clientY, value: p.value };
    document.body.classList.add(p.orientation === 'vertical' ? 'resizing-col' : 'resizing-row');
  };
  const onPointerMove = (e: PointerEvent) => {
    const s = start.current;
    if (!s) return;
    const pos = p.orientation === 'vertical' ? e.clientX : e.clientY;
    p.onChange(clamp(s.value + sign * (pos - s.pos)));
  };
  const onPointerUp = () => {
    if (!start.current) return;
    start.current = null;
    document.body.classList.remove('resizing-col', 'resizing-row');
    p.onCommit?.();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 50 : 10;
    const grow: Record<string, number> =
      p.orientation === 'vertical' ? { ArrowRight: sign, ArrowLeft: -sign } : { ArrowDown: sign, ArrowUp: -sign };
    const dir = grow[e.key];
    let next: number | undefined;
    if (dir) next = p.value + dir * step;
    else if (e.key === 'Home') next = p.min;
    else if (e.key === 'End') next = p.max;
    if (next === undefined) return;
    e.preventDefault();
    p.onChange(clamp(next));
    p.onCommit?.();
  };

  return (
    <div
      class={`splitter splitter-${p.orientation}`}
      role="separator"
      tabIndex={0}
      aria-label={p.label}
      aria-orientation={p.orientation}
      aria-valuenow={p.value}
      aria-valuemin={p.min}
      aria-valuemax={p.max}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
