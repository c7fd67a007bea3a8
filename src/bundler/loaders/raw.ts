/** `import text from './x?raw'`: the file's text as default export. */
export function rawModule(text: string): string {
  return `export default ${JSON.stringify(text)};\n`;
}
