/** Provided by the `cove-compile-seed` plugin (scripts/compile-seed.ts): the seed's URL, null in dev. */
declare module 'virtual:cove-compile-seed' {
  const url: string | null;
  export default url;
}

/** Provided by the `cove-preview-runtime` plugin (vite.config.ts): the code of `/__cove/runtime.js`. */
declare module 'virtual:cove-preview-runtime' {
  const code: string;
  export default code;
}
