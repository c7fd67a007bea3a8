/** The preview's console: logs with levels, expandable objects, repeated messages counted, filters, Clear. */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConsoleLevel } from '../../shared/protocol';
import type { PreviewEvent, PreviewHost } from '../services/preview-host';
import {
  clearConsole,
  emptyConsole,
  levelCounts,
  reduceConsole,
  visibleEntries,
  type ConsoleEntry,
} from './console-model';
import { ConsoleValue, MappedStack, StackMapper } from './console-value';
import { ErrorIcon, InfoIcon, PromptIcon, TrashIcon, WarnIcon } from './icons';
import './console-panel.css';

const LEVELS: { level: ConsoleLevel; label: string }[] = [
  { level: 'error', label: 'Errors' },
  { level: 'warn', label: 'Warnings' },
  { level: 'info', label: 'Info' },
  { level: 'log', label: 'Logs' },
  { level: 'debug', label: 'Debug' },
];

const LEVEL_NAMES: Record<ConsoleLevel, string> = {
  error: 'Error',
  warn: 'Warning',
  info: 'Info',
  log: 'Log',
  debug: 'Debug',
};

export function ConsolePanel({ host, mapStack }: { host: PreviewHost; mapStack?: (s: string) => Promise<string> }) {
  const [state, setState] = useState(() => host.consoleHistory().reduce((s, e) => reduceConsole(s, e), emptyConsole));
  const [filter, setFilter] = useState('');
  const [levels, setLevels] = useState<ReadonlySet<ConsoleLevel>>(() => new Set(LEVELS.map((l) => l.level)));
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  // Events are applied in batches, one render per animation frame, so that a chatty page stays cheap.
  useEffect(() => {
    let queue: PreviewEvent[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = queue;
      queue = [];
      setState((s) => batch.reduce((acc, e) => reduceConsole(acc, e), s));
    };
    const off = host.on((e) => {
      queue.push(e);
      frame ||= requestAnimationFrame(flush);
    });
    return () => {
      off();
      cancelAnimationFrame(frame);
    };
  }, [host]);

  const shown = useMemo(() => visibleEntries(state.entries, filter, levels), [state.entries, filter, levels]);
  const counts = useMemo(() => levelCounts(state.entries), [state.entries]);

  useLayoutEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  const toggle = (level: ConsoleLevel) =>
    setLevels((prev) => {
      const next = new Set(prev);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });

  return (
    <StackMapper.Provider value={mapStack}>
      <div class="console-panel">
        <div class="console-toolbar" role="toolbar" aria-label="Console tools">
          <button
            type="button"
            class="console-clear"
            aria-label="Clear console"
            title="Clear console"
            onClick={() => setState(clearConsole)}
          >
            <TrashIcon size={14} />
          </button>
          <input
            class="console-filter"
            type="search"
            placeholder="Filter"
            aria-label="Filter console"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
          <div class="console-levels" role="group" aria-label="Log levels">
            {LEVELS.map(({ level, label }) => (
              <button
                key={level}
                type="button"
                class={`console-level console-level-${level}`}
                aria-pressed={levels.has(level)}
                onClick={() => toggle(level)}
              >
                {label}
                {counts[level] > 0 && <span class="console-level-count">{counts[level]}</span>}
              </button>
            ))}
          </div>
        </div>
        <div
          class="console-list"
          role="log"
          aria-label="Console"
          ref={list}
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
          }}
        >
          {shown.length === 0 && (
            <p class="console-empty">
              {state.entries.length ? 'No messages match the filter.' : 'No console messages yet.'}
            </p>
          )}
          {shown.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </div>
      </div>
    </StackMapper.Provider>
  );
}

function Entry({ entry }: { entry: ConsoleEntry }) {
  if (entry.kind === 'divider') {
    return (
      <div class="console-divider" role="separator">
        {entry.text}
      </div>
    );
  }
  return (
    <div class={`console-entry console-${entry.level}`}>
      <span class="console-icon">
        <LevelIcon level={entry.level} />
        <span class="visually-hidden">{LEVEL_NAMES[entry.level]}: </span>
      </span>
      <div class="console-body">
        {entry.kind === 'error' ? (
          <>
            <span class="console-error-message">{entry.message}</span>
            {entry.file && (
              <span class="console-location">
                {' '}
                {entry.file}
                {entry.line ? `:${entry.line}` : ''}
                {entry.line && entry.column ? `:${entry.column}` : ''}
              </span>
            )}
            {entry.stack && <MappedStack stack={stackFrames(entry.stack, entry.message)} />}
          </>
        ) : (
          entry.args.map((arg, i) => (
            <span class="console-arg" key={i}>
              <ConsoleValue value={arg} />
            </span>
          ))
        )}
      </div>
      {entry.count > 1 && (
        <span class="console-count" aria-label={`repeated ${entry.count} times`}>
          {entry.count}
        </span>
      )}
    </div>
  );
}

/** The stack without its first line when that line only repeats the message. */
function stackFrames(stack: string, message: string): string {
  const nl = stack.indexOf('\n');
  if (nl < 0) return stack;
  return message.includes(stack.slice(0, nl).trim()) ? stack.slice(nl + 1) : stack;
}

function LevelIcon({ level }: { level: ConsoleLevel }) {
  if (level === 'error') return <ErrorIcon size={14} />;
  if (level === 'warn') return <WarnIcon size={14} />;
  if (level === 'info') return <InfoIcon size={14} />;
  return <PromptIcon size={14} />;
}
