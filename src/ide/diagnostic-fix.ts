/**
 * One-click fixes the bundler attaches to diagnostics, applied by the IDE (it owns the project's
 * files). Shared by the editor's quick fix and the Problems panel; no Monaco here, so the panel can
 * offer the fix before the editor has loaded.
 */
import type { DiagnosticFix } from '../shared/protocol';
import { notify } from './app-state';
import { findDependency } from './package-json-edit';
import type { NpmService } from './services/npm-service';
import { PACKAGE_JSON } from './services/npm-service';

/** What a button or menu entry for the fix says. */
export function fixLabel(fix: DiagnosticFix): string {
  switch (fix.kind) {
    case 'add-dependency':
      return `Add '${fix.packageName}' to dependencies (latest version)`;
  }
}

export interface FixTarget {
  npm: NpmService;
  workspace: { readText(path: string): string | undefined };
}

/**
 * Applies the fix and says how it went in a notice. Resolves true when it was applied; never rejects
 * (a failure, e.g. an unknown package or a broken package.json, is reported in the notice).
 */
export async function applyFix(session: FixTarget, fix: DiagnosticFix): Promise<boolean> {
  try {
    switch (fix.kind) {
      case 'add-dependency':
        await addDependencyFix(session, fix.packageName);
        return true;
    }
  } catch (err) {
    notify('error', `Could not add ${fix.packageName}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

async function addDependencyFix(session: FixTarget, name: string): Promise<void> {
  const text = session.workspace.readText(PACKAGE_JSON);
  const declared = text === undefined ? [] : findDependency(text, name);
  const inDependencies = declared.find((e) => e.section === 'dependencies');
  if (inDependencies) {
    // The diagnostic is older than the edit that declared it: install what is there.
    session.npm.install();
    notify('info', `${name} is already in dependencies (${inDependencies.range}); installing.`);
    return;
  }
  // A dev-only dependency that the app imports moves to dependencies with the range it had.
  const dev = declared.find((e) => e.section === 'devDependencies' || e.section === 'optionalDependencies');
  await session.npm.addDependency(name, dev ? { range: dev.range } : {});
  const added = findDependency(session.workspace.readText(PACKAGE_JSON) ?? '{}', name).find(
    (e) => e.section === 'dependencies',
  );
  notify('success', `Added ${name}${added ? ` ${added.range}` : ''} to dependencies; installing.`);
}
