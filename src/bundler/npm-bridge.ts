/**
 * Joins a project's package manager (src/npm/installer) and the dependency pre-bundler
 * (deps/deps-server) into what the project server needs: bare imports resolved to `/@npm/`
 * URLs, those URLs served, and errors that say what to do (with a quick fix when a package
 * is simply not declared).
 */
import { splitBareSpecifier } from '../shared/npm';
import type { Installer } from '../npm/installer';
import { PACKAGE_JSON } from '../npm/installer';
import { readManifest } from '../npm/install-report';
import type { DepsServer } from './deps/deps-server';
import { isNpmUrl } from './deps/npm-url';
import type { ModuleInfo } from './cjs-interop';
import type { PackageServing } from './project-server';
import type { BareResolution } from './rewrite-imports';

const NODE_BUILTIN = /^node:/;

export class NpmBridge implements PackageServing {
  constructor(
    private readonly installer: Installer,
    private readonly deps: DepsServer,
    private readonly readText: (path: string) => string | undefined,
  ) {}

  get busy(): boolean {
    return this.installer.busy;
  }

  treeChange(): Promise<void> {
    return this.installer.treeChange();
  }

  isPackageUrl(pathname: string): boolean {
    return isNpmUrl(pathname);
  }

  resolveBare(spec: string): BareResolution {
    const { name } = splitBareSpecifier(spec);
    if (NODE_BUILTIN.test(spec)) {
      return { message: `'${spec}' is a Node.js built-in module; it does not exist in a browser` };
    }
    const found = this.deps.resolveBare(spec);
    if ('url' in found) {
      this.installer.noteImported(spec);
      return { url: found.url };
    }
    if (!found.notInstalled) return { message: found.error };
    const declared = this.declares(name);
    if (declared && this.installer.busy) return { message: `Package '${name}' is being installed`, pending: true };
    if (declared) {
      const error = this.installer.lastError;
      return {
        message: error
          ? `Package '${name}' is in package.json but could not be installed: ${error.message}`
          : `Package '${name}' is in package.json but is not installed yet`,
      };
    }
    return {
      message: `Package '${name}' is not installed: add it to package.json (quick fix: add its latest version)`,
      fix: { kind: 'add-dependency', packageName: name },
    };
  }

  moduleInfo(url: string): Promise<ModuleInfo> {
    return this.deps.moduleInfo(url);
  }

  async serve(pathname: string): Promise<{ status: number; contentType: string; body: string | Uint8Array }> {
    while (!this.installer.packages && this.installer.busy) await this.installer.treeChange();
    return this.deps.serve(pathname);
  }

  private declares(name: string): boolean {
    try {
      const manifest = readManifest(this.readText(PACKAGE_JSON));
      return [
        manifest?.dependencies,
        manifest?.devDependencies,
        manifest?.optionalDependencies,
        manifest?.peerDependencies,
      ].some((m) => m !== undefined && name in m);
    } catch {
      return false;
    }
  }
}
