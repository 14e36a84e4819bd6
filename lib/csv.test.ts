import { describe, expect, it } from "vitest";
import { csvCell, csvOf } from "./csv";

describe("CSV", () => {
  it("quotes cells with commas, quotes and line breaks, doubling the quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("defuses text a spreadsheet would run as a formula, and leaves numbers numbers", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1+2")).toBe("'+1+2");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("1e5")).toBe("1e5");
    expect(csvCell("x=1")).toBe("x=1");
  });

  it("writes a header and rows with CRLF line ends, unicode intact", () => {
    expect(
      csvOf([
        ["Feature", "Cost"],
        ["café, ☕", "1.5"],
        ["𝔘", null],
      ]),
    ).toBe('Feature,Cost\r\n"café, ☕",1.5\r\n𝔘,\r\n');
  });
});
