/**
 * The Dependencies panel: what package.json asks for and what is installed, with Add, Update and
 * Remove, the install's progress and errors, and the registry setting. Edits go through NpmService,
 * which changes package.json; the install that follows reports back through `npm.status`.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import gt from 'semver/functions/gt';
import valid from 'semver/functions/valid';
import type { InstalledDependency } from '../../shared/npm';
import { errorMessage } from '../project-controller';
import type { NpmService } from '../services/npm-service';
import { getRegistrySetting } from '../services/npm-settings';
import { parseDependencyInput } from './dependency-input';
import { WarnIcon } from './icons';
import { InstallDetails, InstallPhase } from './install-progress';
import { isRunning } from './install-summary';
import './dependencies-panel.css';

type RowState = { busy?: 'updating' | 'removing'; error?: string };
type Latest = Record<string, { version?: string; error?: string }>;

export function DependenciesPanel({ npm }: { npm: NpmService }) {
  const status = npm.status.value;
  const deps = status?.dependencies ?? [];
  const [rows, setRows] = useState<Record<string, RowState>>({});
  const [latest, setLatest] = useState<Latest>({});
  const [checking, setChecking] = useState(false);
  const setRow = (name: string, s: RowState) => setRows((r) => ({ ...r, [name]: s }));
  // A removed package's row state goes with it (it must not say "Removing…" if the package comes back).
  useEffect(() => {
    setRows((r) => {
      const kept = Object.entries(r).filter(([name]) => deps.some((d) => d.name === name));
      return kept.length === Object.keys(r).length ? r : Object.fromEntries(kept);
    });
  }, [status]);

  const update = async (name: string) => {
    setRow(name, { busy: 'updating' });
    try {
      await npm.updateDependency(name);
      setRow(name, {});
    } catch (err) {
      setRow(name, { error: errorMessage(err) });
    }
  };
  const remove = (name: string) => {
    try {
      npm.removeDependency(name);
      setRow(name, { busy: 'removing' });
    } catch (err) {
      setRow(name, { error: errorMessage(err) });
    }
  };
  const checkUpdates = async () => {
    setChecking(true);
    const found: Latest = {};
    await Promise.all(
      deps.map((d) =>
        npm.latestVersion(d.name).then(
          (version) => (found[d.name] = { version }),
          (err: unknown) => (found[d.name] = { error: errorMessage(err) }),
        ),
      ),
    );
    setLatest(found);
    setChecking(false);
  };

  const sections: [string, InstalledDependency[]][] = [
    ['dependencies', deps.filter((d) => !d.dev)],
    ['devDependencies', deps.filter((d) => d.dev)],
  ];
  const isDirect = (name: string) => deps.some((d) => d.name === name);
  return (
    <div class="deps" data-testid="dependencies-panel">
      <div class="deps-toolbar">
        <AddDependencyForm npm={npm} deps={deps} />
        <InstallPhase status={status} onCancel={() => npm.cancel()} onRetry={() => npm.install()} />
      </div>
      <InstallDetails status={status} onRetry={() => npm.install()} onRemove={remove} isDirect={isDirect} />
      {npm.lockfileError.value && (
        <p class="deps-add-error" role="alert">
          {npm.lockfileError.value}
        </p>
      )}
      {deps.length ? (
        <>
          {sections.map(
            ([title, list], i) =>
              !!list.length && (
                <DependencyTable
                  key={title}
                  title={title}
                  action={
                    // One button for both lists, on whichever comes first.
                    (i === 0 || !sections[0][1].length) && (
                      <button
                        class="cove-btn small"
                        onClick={() => void checkUpdates()}
                        disabled={checking}
                        aria-busy={checking}
                      >
                        {checking ? 'Checking…' : 'Check for updates'}
                      </button>
                    )
                  }
                  list={list}
                  rows={rows}
                  latest={latest}
                  installing={isRunning(status)}
                  onUpdate={(n) => void update(n)}
                  onRemove={remove}
                />
              ),
          )}
        </>
      ) : (
        <p class="deps-empty">
          {status
            ? 'No dependencies yet. Add one above, or import a package in your code and use the quick fix.'
            : 'Reading package.json…'}
        </p>
      )}
      <RegistrySetting npm={npm} />
    </div>
  );
}

function DependencyTable(props: {
  title: string;
  action?: ComponentChildren;
  list: InstalledDependency[];
  rows: Record<string, RowState>;
  latest: Latest;
  installing: boolean;
  onUpdate: (name: string) => void;
  onRemove: (name: string) => void;
}) {
  const { title, list, rows, latest } = props;
  const id = `deps-${title}`;
  return (
    <section class="deps-section" aria-labelledby={id}>
      <h3 id={id} class="deps-section-title">
        {title} <span class="deps-count">{list.length}</span>
        <span class="deps-section-action">{props.action}</span>
      </h3>
      <table class="deps-table">
        <thead>
          <tr>
            <th scope="col">Package</th>
            <th scope="col">Wanted</th>
            <th scope="col">Installed</th>
            <th scope="col">Latest</th>
            <th scope="col">
              <span class="visually-hidden">Notes</span>
            </th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => {
            const row = rows[d.name] ?? {};
            const l = latest[d.name];
            const outdated = !!(l?.version && d.version && valid(d.version) && gt(l.version, d.version));
            return (
              <tr key={d.name} data-package={d.name} class={row.busy === 'removing' ? 'removing' : undefined}>
                <th scope="row" class="deps-name">
                  {d.name}
                </th>
                <td class="deps-mono">{d.range}</td>
                <td class="deps-mono">{d.version ?? <span class="deps-muted">{props.installing ? '…' : '—'}</span>}</td>
                <td class={`deps-mono${outdated ? ' deps-outdated' : ''}`} title={l?.error}>
                  {l?.version ?? (l?.error ? <span class="deps-muted">unknown</span> : '')}
                </td>
                <td class="deps-notes">
                  {d.version && !d.downloaded && (
                    <span
                      class="deps-tag"
                      title="Locked in package-lock.json; the browser does not need its files (build tools run outside the preview)."
                    >
                      not downloaded (build tool)
                    </span>
                  )}
                  {!d.version && !props.installing && <span class="deps-tag">not installed</span>}
                  {d.hasInstallScript && (
                    <span
                      class="deps-tag deps-tag-warn"
                      title="This package (or one it brings in) has install scripts. Cove never runs them; if the package needs them, it may not work here."
                    >
                      <WarnIcon size={12} /> install scripts not run
                    </span>
                  )}
                  {row.error && (
                    <span class="deps-row-error" role="alert">
                      {row.error}
                    </span>
                  )}
                </td>
                <td class="deps-actions">
                  {row.busy === 'removing' ? (
                    <span class="deps-muted">Removing…</span>
                  ) : (
                    <>
                      <button
                        class="cove-btn small"
                        onClick={() => props.onUpdate(d.name)}
                        disabled={!!row.busy}
                        aria-label={`Update ${d.name} to the latest version`}
                        title="Update to the latest version"
                      >
                        {row.busy === 'updating' ? 'Updating…' : 'Update'}
                      </button>
                      <button
                        class="cove-btn small"
                        onClick={() => props.onRemove(d.name)}
                        disabled={!!row.busy}
                        aria-label={`Remove ${d.name}`}
                      >
                        Remove
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function AddDependencyForm({ npm, deps }: { npm: NpmService; deps: InstalledDependency[] }) {
  const [text, setText] = useState('');
  const [dev, setDev] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setAdded(undefined);
    const req = parseDependencyInput(text);
    if ('error' in req) {
      setError(req.error);
      return;
    }
    const existing = deps.find((d) => d.name === req.name);
    if (existing && !req.range && existing.dev === dev) {
      setError(`${req.name} is already a dependency (${existing.range}). Use Update for its latest version.`);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await npm.addDependency(req.name, { dev, ...(req.range ? { range: req.range } : {}) });
      setText('');
      setAdded(`Added ${req.name}${dev ? ' to devDependencies' : ''}.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      inputRef.current?.focus();
    }
  };

  return (
    <form class="deps-add" onSubmit={(e) => void submit(e)} aria-label="Add a package" data-testid="add-dependency">
      <label class="visually-hidden" for="deps-add-name">
        Package to add
      </label>
      <input
        ref={inputRef}
        id="deps-add-name"
        class={`cove-input deps-add-input${error ? ' invalid' : ''}`}
        placeholder="Add a package: name or name@range"
        value={text}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={!!error}
        aria-describedby={error ? 'deps-add-error' : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setError(undefined);
        }}
      />
      <label class="deps-dev">
        <input type="checkbox" checked={dev} onChange={(e) => setDev(e.currentTarget.checked)} /> dev
      </label>
      <button class="cove-btn primary" type="submit" disabled={busy} aria-busy={busy}>
        {busy ? 'Adding…' : 'Add'}
      </button>
      {error && (
        <p id="deps-add-error" class="deps-add-error" role="alert" data-testid="add-dependency-error">
          {error}
        </p>
      )}
      {added && !error && (
        <p class="deps-add-ok" role="status">
          {added}
        </p>
      )}
    </form>
  );
}

function RegistrySetting({ npm }: { npm: NpmService }) {
  const [saved, setSaved] = useState(() => getRegistrySetting());
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();

  const save = (value: string) => {
    try {
      // Stored, sent to the installer, and a failed install is retried with it.
      const now = npm.setRegistry(value);
      setSaved(now);
      setText(now);
      setError(undefined);
      setNote(now ? 'Saved. The next install uses it.' : 'Back to the default. The next install uses it.');
    } catch (err) {
      setError(errorMessage(err));
      setNote(undefined);
    }
  };

  return (
    <details class="deps-registry" data-testid="registry-setting">
      <summary>
        Registry: <span class="deps-mono">{saved || 'default'}</span>
      </summary>
      <form
        class="deps-registry-form"
        // Our own message says what is wrong; the browser's bubble would say less.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save(text);
        }}
      >
        <label for="deps-registry-url">Registry URL</label>
        <input
          id="deps-registry-url"
          class={`cove-input deps-registry-input${error ? ' invalid' : ''}`}
          type="url"
          placeholder="Empty: the default this build was made with"
          value={text}
          spellcheck={false}
          aria-invalid={!!error}
          aria-describedby="deps-registry-help"
          onInput={(e) => {
            setText(e.currentTarget.value);
            setError(undefined);
            setNote(undefined);
          }}
        />
        <button class="cove-btn" type="submit">
          Save
        </button>
        {saved && (
          <button class="cove-btn" type="button" onClick={() => save('')}>
            Use default
          </button>
        )}
      </form>
      {error && (
        <p class="deps-add-error" role="alert">
          {error}
        </p>
      )}
      {note && (
        <p class="deps-add-ok" role="status">
          {note}
        </p>
      )}
      <p id="deps-registry-help" class="deps-muted deps-help">
        A <code>registry=</code> line in the project’s <code>.npmrc</code> wins over this setting, and{' '}
        <code>@scope:registry=</code> lines there choose registries per scope. This setting is kept in this browser.
      </p>
    </details>
  );
}
