import { TextDecoder } from 'node:util';
import { AppError } from '../../../shared/result';

/**
 * What a file is, from its bytes (never its name: people rename .xlsx files to .csv and back),
 * and its text when it is text. Spreadsheet programs save CSV and "Unicode text" as UTF-8 with or
 * without a byte-order mark, UTF-16 with one, or Windows-1252 (older Excel on Windows).
 */

export type FileKind = { kind: 'xlsx' } | { kind: 'text'; encoding: TextEncoding };
export type TextEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252';

export const refuseFile = (message: string): AppError => new AppError({ code: 'validation', message, fields: { file: [message] } });

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** Control characters that never appear in a spreadsheet's text (tab, new-lines and form feed do). */
function controlCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x7f || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d)) count++;
  }
  return count;
}

export function fileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) throw refuseFile('The file is empty.');
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return { kind: 'xlsx' };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    throw refuseFile('This is an old Excel file (.xls). In Excel, choose File → Save As → Excel Workbook (.xlsx) or CSV UTF-8, and load that file.');
  }
  if (startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46)) throw refuseFile('This is a program file, not a spreadsheet. Choose a CSV or Excel (.xlsx) file.');
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { kind: 'text', encoding: 'UTF-8 with BOM' };
  if (startsWith(bytes, 0xff, 0xfe)) return { kind: 'text', encoding: 'UTF-16 LE' };
  if (startsWith(bytes, 0xfe, 0xff)) return { kind: 'text', encoding: 'UTF-16 BE' };
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) {
    // UTF-16 without a byte-order mark: ASCII text has a zero in every other byte.
    const zerosAt = (parity: number): number => head.reduce((n, b, i) => (i % 2 === parity && b === 0 ? n + 1 : n), 0);
    const half = head.length / 2;
    if (zerosAt(1) > half * 0.9) return { kind: 'text', encoding: 'UTF-16 LE' };
    if (zerosAt(0) > half * 0.9) return { kind: 'text', encoding: 'UTF-16 BE' };
    throw notText();
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(validUtf8Prefix(head, bytes.length));
    return { kind: 'text', encoding: 'UTF-8' };
  } catch {
    return { kind: 'text', encoding: 'Windows-1252' };
  }
}

const notText = (): AppError => refuseFile('This file is not text or a spreadsheet (it may be a picture, a PDF or a program). Choose a CSV or Excel (.xlsx) file.');

/** The head of a file cut at a character boundary, so a multi-byte character split by the cut is not an error. */
function validUtf8Prefix(head: Uint8Array, total: number): Uint8Array {
  if (head.length === total) return head;
  let end = head.length;
  // Step back over continuation bytes (10xxxxxx) and the lead byte they belong to.
  while (end > 0 && end > head.length - 4 && ((head[end - 1] as number) & 0xc0) === 0x80) end--;
  if (end > 0 && ((head[end - 1] as number) & 0x80) !== 0) end--;
  return head.subarray(0, end);
}

/**
 * The file's text. A UTF-8 file that turns out not to be UTF-8 further on is read as
 * Windows-1252 (the only other single-byte encoding spreadsheet programs write). Large files
 * are decoded in slices with a pause between them, so main keeps answering.
 */
export async function decodeText(bytes: Uint8Array, encoding: TextEncoding): Promise<{ text: string; encoding: TextEncoding }> {
  let text: string;
  let actual = encoding;
  if (encoding === 'UTF-8' || encoding === 'UTF-8 with BOM') {
    const body = encoding === 'UTF-8' ? bytes : bytes.subarray(3);
    const utf8 = await decodeInSlices(body, () => new TextDecoder('utf-8', { fatal: true }));
    if (utf8 === null) {
      actual = 'Windows-1252';
      text = windows1252(body);
    } else text = utf8;
  } else if (encoding === 'UTF-16 LE' || encoding === 'UTF-16 BE') {
    let body = bytes[0] === (encoding === 'UTF-16 LE' ? 0xff : 0xfe) && bytes[1] === (encoding === 'UTF-16 LE' ? 0xfe : 0xff) ? bytes.subarray(2) : bytes;
    if (body.length % 2 === 1) body = body.subarray(0, body.length - 1);
    if (encoding === 'UTF-16 BE') body = Buffer.from(body).swap16();
    text = (await decodeInSlices(body, () => new TextDecoder('utf-16le'))) ?? '';
  } else text = windows1252(bytes);
  const sample = text.slice(0, 64 * 1024);
  const controls = controlCharacters(sample);
  if (controls > Math.max(2, sample.length / 1000)) throw notText();
  return { text, encoding: actual };
}

/** Windows-1252's characters for bytes 0x80–0x9F (the rest are Latin-1, byte = code point). */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 by hand: Node's TextDecoder('windows-1252') decodes as ISO-8859-1, which turns
 * €, curly quotes and dashes (0x80–0x9F) into invisible control characters.
 */
export function windows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

const SLICE = 4 * 1024 * 1024;

async function decodeInSlices(bytes: Uint8Array, decoder: () => TextDecoder): Promise<string | null> {
  const d = decoder();
  const parts: string[] = [];
  try {
    for (let start = 0; start < bytes.length; start += SLICE) {
      const end = Math.min(bytes.length, start + SLICE);
      parts.push(d.decode(bytes.subarray(start, end), { stream: end < bytes.length }));
      if (end < bytes.length) await yieldToEvents();
    }
    parts.push(d.decode());
  } catch {
    return null;
  }
  return parts.join('');
}

/** Lets main answer IPC between two slices of long work. */
export const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
