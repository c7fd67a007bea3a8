/** `import href from './x?url'`: the file's URL (without the query) as default export. */
export function urlModule(url: string): string {
  return `export default ${JSON.stringify(url)};\n`;
}
