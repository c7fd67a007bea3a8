/** tsconfig.json and friends are JSON with comments and trailing commas. */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Parses JSONC; throws a SyntaxError naming the first problem and its line, as JSON.parse would. */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new SyntaxError(`${printParseErrorCode(e.error)} at line ${line}`);
  }
  return value;
}
