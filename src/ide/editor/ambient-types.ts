/**
 * Declarations the editor adds so that a Vite project type-checks without Vite installed: what
 * `vite/client` provides (import.meta.env, asset and CSS imports), and `any` for npm packages whose
 * types are not installed (yet), so only the bundler reports packages that do not resolve.
 */
export const VITE_CLIENT_TYPES = `
interface ImportMetaEnv {
  readonly MODE: string;
  readonly BASE_URL: string;
  readonly PROD: boolean;
  readonly DEV: boolean;
  readonly SSR: boolean;
  readonly [key: string]: string | boolean | undefined;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
  readonly hot?: {
    accept(cb?: (mod: unknown) => void): void;
    dispose(cb: (data: unknown) => void): void;
    readonly data: Record<string, unknown>;
  };
  glob<T = unknown>(pattern: string | string[], options?: { eager?: boolean; import?: string; query?: string | Record<string, string> }): Record<string, T>;
}
declare module '*.module.css' { const classes: { readonly [key: string]: string }; export default classes; }
declare module '*.module.scss' { const classes: { readonly [key: string]: string }; export default classes; }
declare module '*.css' {}
declare module '*.scss' {}
declare module '*.svg' { const src: string; export default src; }
declare module '*.png' { const src: string; export default src; }
declare module '*.jpg' { const src: string; export default src; }
declare module '*.jpeg' { const src: string; export default src; }
declare module '*.gif' { const src: string; export default src; }
declare module '*.webp' { const src: string; export default src; }
declare module '*.avif' { const src: string; export default src; }
declare module '*.ico' { const src: string; export default src; }
declare module '*.woff' { const src: string; export default src; }
declare module '*.woff2' { const src: string; export default src; }
declare module '*.mp3' { const src: string; export default src; }
declare module '*.mp4' { const src: string; export default src; }
declare module '*.wasm' { const src: string; export default src; }
declare module '*?raw' { const text: string; export default text; }
declare module '*?url' { const url: string; export default url; }
declare module '*?inline' { const data: string; export default data; }
`;

/**
 * A package without installed types is \`any\` rather than an error on every import. TypeScript uses
 * this pattern only for modules it cannot resolve, so installed declarations (npm-types.ts) win.
 * (No global JSX fallback: projects with their own JSX factory declare that namespace themselves.)
 */
export const PACKAGE_FALLBACK_TYPES = `declare module '*';\n`;
