import { type ParseError, parse as parseTolerant, printParseErrorCode } from "jsonc-parser";

/** Where text that JSON.parse refused first goes wrong, which JSON.parse does not say: a tolerant parser finds it. */
export function jsonErrorAt(text: string): { reason: string; line: number; column: number } | null {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return null;
  const before = text.slice(0, first.offset).split("\n");
  return {
    reason: printParseErrorCode(first.error),
    line: before.length,
    column: before[before.length - 1].length + 1,
  };
}

/** " (InvalidSymbol at line 3, column 7)", or nothing when no position is known. */
export const jsonErrorText = (at: ReturnType<typeof jsonErrorAt>) =>
  at ? ` (${at.reason} at line ${at.line}, column ${at.column})` : "";
