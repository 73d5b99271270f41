import { describe, expect, it } from 'vitest';
import { csvCell, ExcelText } from '../../../../main/core/export/csv';

describe('CSV cells for Excel', () => {
  it('writes number-like text that Excel must keep as text as ="…"', () => {
    expect(csvCell(new ExcelText('0412 345 678'))).toBe('"=""0412 345 678"""');
    expect(csvCell(new ExcelText('+61412345678'))).toBe('"=""+61412345678"""');
  });

  it('writes anything else as a plain cell, formulas defused', () => {
    expect(csvCell(new ExcelText('=HYPERLINK("http://x")'))).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell(new ExcelText('Jo, "the" boss'))).toBe('"Jo, ""the"" boss"');
    expect(csvCell(new ExcelText('6.14123E+10'))).toBe('6.14123E+10');
  });
});
