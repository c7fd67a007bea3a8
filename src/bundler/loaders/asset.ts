/** Images, fonts, media (ASSET_EXTENSIONS) imported from a module: the file's URL. */
export function assetModule(url: string): string {
  return `export default ${JSON.stringify(url)};\n`;
}
