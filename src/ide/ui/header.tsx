/** The top bar: logo (home), the editable project title, theme toggle. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, projectTitle, theme } from '../app-state';
import { renameProject } from '../project-controller';
import { toggleTheme } from '../theme-control';
import { CoveLogo, MoonIcon, SunIcon } from './icons';
import './header.css';

export function Header({ editableTitle = true }: { editableTitle?: boolean }) {
  return (
    <header class="app-header">
      <a
        class="app-logo"
        href="/projects"
        title="All projects"
        onClick={(e) => {
          e.preventDefault();
          navigate({ view: 'home' });
        }}
      >
        <CoveLogo />
        <span>Cove</span>
      </a>
      {editableTitle && projectTitle.value && (
        <>
          <span class="app-header-sep" aria-hidden="true">
            /
          </span>
          <TitleField />
        </>
      )}
      <span class="app-header-spacer" />
      <button
        class="cove-icon-btn"
        onClick={toggleTheme}
        aria-label={theme.value === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        title="Toggle theme"
      >
        {theme.value === 'dark' ? <SunIcon /> : <MoonIcon />}
      </button>
    </header>
  );
}

function TitleField() {
  const [value, setValue] = useState(projectTitle.value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => setValue(projectTitle.value), [projectTitle.value]);
  const commit = () => {
    if (value.trim()) void renameProject(value);
    else setValue(projectTitle.value);
  };
  return (
    <input
      ref={ref}
      class="app-title-input"
      aria-label="Project title"
      value={value}
      size={Math.max(8, Math.min(48, value.length + 1))}
      spellcheck={false}
      onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') ref.current?.blur();
        if (e.key === 'Escape') {
          setValue(projectTitle.value);
          queueMicrotask(() => ref.current?.blur());
        }
      }}
    />
  );
}
