/**
 * Compile and resolve problems: conversion from esbuild messages, the stand-in module served
 * in place of a broken one, and the per-project record that tells the IDE what changed.
 */
import type { Message } from 'esbuild-wasm';
import type { Diagnostic } from '../shared/protocol';

/** esbuild messages (0-based columns) -> Diagnostics (1-based) in project file `file`. */
export function fromEsbuildMessages(
  messages: readonly Message[],
  file: string,
  severity: Diagnostic['severity'],
): Diagnostic[] {
  return messages.map((m) => ({
    file,
    line: m.location?.line ?? 1,
    column: (m.location?.column ?? 0) + 1,
    ...(m.location && m.location.length > 0
      ? { endLine: m.location.line, endColumn: m.location.column + 1 + m.location.length }
      : {}),
    message: m.text,
    severity,
    source: 'esbuild' as const,
    ...(m.location?.lineText ? { lineText: m.location.lineText } : {}),
  }));
}

/** The messages of a thrown esbuild failure, or one message for any other error. */
export function esbuildErrors(error: unknown): Message[] {
  const errors = (error as { errors?: unknown })?.errors;
  if (Array.isArray(errors) && errors.length) return errors as Message[];
  const text = error instanceof Error ? error.message : String(error);
  return [{ id: '', pluginName: '', text, location: null, notes: [], detail: undefined }];
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/**
 * JS served instead of a module that failed: shows the overlay, then throws so the import
 * fails visibly. `exportNames` (from the last good version) keep importers linkable, so the
 * error surfaces as this throw rather than as a missing-export SyntaxError.
 */
export function errorModule(diagnostics: Diagnostic[], exportNames: readonly string[] = []): string {
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
  const message = first ? formatDiagnostic(first) : 'Module failed to compile';
  const stubs = exportNames.length
    ? `let __cove_stub;\nexport { ${exportNames.map((n) => `__cove_stub as ${JSON.stringify(n)}`).join(', ')} };\n`
    : '';
  return (
    `globalThis.__COVE__?.overlay(${JSON.stringify(diagnostics)});\n` +
    stubs +
    `throw new Error(${JSON.stringify(message)});\n`
  );
}

/** Current diagnostics per file of one project; reports only real changes. */
export class DiagnosticsTracker {
  private readonly byFile = new Map<string, { diagnostics: Diagnostic[]; json: string }>();

  constructor(private readonly post: (files: string[], diagnostics: Diagnostic[]) => void) {}

  set(file: string, diagnostics: Diagnostic[]): void {
    const json = JSON.stringify(diagnostics);
    const before = this.byFile.get(file);
    if ((before?.json ?? '[]') === json) return;
    if (diagnostics.length) this.byFile.set(file, { diagnostics, json });
    else this.byFile.delete(file);
    this.post([file], diagnostics);
  }

  clear(file: string): void {
    this.set(file, []);
  }

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  files(): string[] {
    return [...this.byFile.keys()];
  }

  get(file: string): Diagnostic[] {
    return this.byFile.get(file)?.diagnostics ?? [];
  }
}
