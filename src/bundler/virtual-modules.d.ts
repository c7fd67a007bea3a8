/** Provided by the `cove-compile-seed` plugin (scripts/compile-seed.ts): the seed's URL, null in dev. */
declare module 'virtual:cove-compile-seed' {
  const url: string | null;
  export default url;
}
