import { zipEntries, zipEntryContent } from './zip';

/** The document types the platform knows; a fund or round allows some of them. */
export const DOCUMENT_TYPES = ['pdf', 'docx', 'xlsx', 'odt', 'ods', 'csv'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const CONTENT_TYPES: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
};

export const TYPE_NAMES: Record<DocumentType, string> = { pdf: 'PDF', docx: 'Word (DOCX)', xlsx: 'Excel (XLSX)', odt: 'OpenDocument text (ODT)', ods: 'OpenDocument spreadsheet (ODS)', csv: 'CSV' };

export type Detection = { ok: true; type: DocumentType } | { ok: false; reason: string };

const startsWith = (bytes: Buffer, ...signature: number[]) => bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** Programs, whatever the file is called: Windows (MZ), Linux (ELF), macOS (Mach-O, fat binaries) and scripts. */
function executableKind(bytes: Buffer): string | undefined {
  if (startsWith(bytes, 0x4d, 0x5a)) return 'a Windows program';
  if (startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46)) return 'a Linux program';
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return 'a macOS program';
  if (startsWith(bytes, 0x23, 0x21)) return 'a script';
  return undefined;
}

function zipType(bytes: Buffer): DocumentType | undefined {
  const entries = zipEntries(bytes);
  if (!entries) return undefined;
  const names = new Set(entries.map((e) => e.name));
  const mimetype = entries.find((e) => e.name === 'mimetype');
  if (mimetype) {
    const content = zipEntryContent(bytes, mimetype)?.toString('ascii').trim();
    if (content === CONTENT_TYPES.odt) return 'odt';
    if (content === CONTENT_TYPES.ods) return 'ods';
  }
  if (names.has('[Content_Types].xml')) {
    if (entries.some((e) => e.name.startsWith('word/'))) return 'docx';
    if (entries.some((e) => e.name.startsWith('xl/'))) return 'xlsx';
  }
  return undefined;
}

/** Text a spreadsheet would open as CSV: valid UTF-8 (a byte-order mark allowed), no NULs, some content. */
function isCsv(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a file is, from its bytes alone (never its name or the browser's content type): PDF by
 * `%PDF-`; DOCX and XLSX as ZIPs with `[Content_Types].xml` and a `word/` or `xl/` part; ODT and
 * ODS by their `mimetype` entry; CSV as UTF-8 text. Programs and scripts are refused by name.
 */
export function detectDocumentType(bytes: Buffer): Detection {
  const program = executableKind(bytes);
  if (program) return { ok: false, reason: `The file is ${program}, not a document; programs and scripts cannot be uploaded` };
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46, 0x2d)) return { ok: true, type: 'pdf' };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const type = zipType(bytes);
    return type ? { ok: true, type } : { ok: false, reason: 'The file is a ZIP archive but not a Word, Excel or OpenDocument file' };
  }
  if (isCsv(bytes)) return { ok: true, type: 'csv' };
  return { ok: false, reason: 'The file is not a PDF, Word, Excel, OpenDocument or CSV file' };
}

/** The allowed types as people read them: "PDF, Word (DOCX) or CSV". */
export function typeList(types: readonly DocumentType[]): string {
  const names = types.map((t) => TYPE_NAMES[t]);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
