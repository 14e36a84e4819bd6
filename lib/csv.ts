// CSV as spreadsheets read it (RFC 4180), safe to open: a text cell a spreadsheet would run as a
// formula (starting with = + - @, tab or carriage return) is written with a leading apostrophe.

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted when it holds a comma, quote or line break; formula-like text defused. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  // Our own figures stay numbers; anything else that looks like a formula is made text.
  const safe = !PLAIN_NUMBER.test(text) && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV text with CRLF line ends, a header first. */
export function csvOf(rows: (string | number | null)[][]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
