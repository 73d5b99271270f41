import { describe, expect, it } from 'vitest';
import { bytesVerdict, NOT_TEXT_REASON, textVerdict, UTF16_REASON } from '../../../../main/core/files/text-detect';
import { seededRandom } from '../../../../main/simulator/random';

const csv = 'Name,Mobile\r\nZoë Parcelle,0412 345 678\r\nLee Kim,+61 412 345 679\r\n';

describe('text or not', () => {
  it('accepts text in UTF-8, with a byte-order mark, or in Windows-1252 with a few accented letters', () => {
    expect(textVerdict(csv)).toEqual({ text: true });
    expect(textVerdict('')).toEqual({ text: true });
    expect(bytesVerdict(new TextEncoder().encode(`\uFEFF${csv}`))).toEqual({ text: true });
    const latin1 = Uint8Array.from(csv.repeat(20), (c) => c.charCodeAt(0));
    expect(bytesVerdict(latin1)).toEqual({ text: true });
  });

  it('refuses a program, random bytes and a picture', () => {
    const elf = new Uint8Array(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    for (let i = 64; i < elf.length; i += 7) elf[i] = (i * 31) % 256;
    expect(bytesVerdict(elf)).toEqual({ text: false, reason: NOT_TEXT_REASON });
    const random = seededRandom(42);
    const noise = Uint8Array.from({ length: 8192 }, () => Math.floor(random() * 256));
    expect(bytesVerdict(noise)).toEqual({ text: false, reason: NOT_TEXT_REASON });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 500 }, (_, i) => (i * 97) % 256)]);
    expect(bytesVerdict(png).text).toBe(false);
  });

  it('names UTF-16 ("Unicode Text" from Excel) instead of calling it a program', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(csv).flatMap((c) => [c.charCodeAt(0) & 0xff, 0])]);
    expect(bytesVerdict(utf16)).toEqual({ text: false, reason: UTF16_REASON });
  });
});
