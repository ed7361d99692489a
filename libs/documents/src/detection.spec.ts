import { attachmentDisposition, sanitiseFileName } from './file-names';
import { detectDocumentType } from './detection';
import { minimalCsv, minimalDocx, minimalOds, minimalOdt, minimalPdf, minimalXlsx, windowsProgram, zipOf } from './test-files';

describe('document type from the bytes', () => {
  it.each([
    ['a PDF', minimalPdf(), 'pdf'],
    ['a Word document', minimalDocx(), 'docx'],
    ['an Excel workbook', minimalXlsx(), 'xlsx'],
    ['an OpenDocument text', minimalOdt(), 'odt'],
    ['an OpenDocument spreadsheet', minimalOds(), 'ods'],
    ['a CSV with a byte-order mark', minimalCsv(), 'csv'],
  ])('knows %s', (_, bytes, type) => {
    expect(detectDocumentType(bytes)).toEqual({ ok: true, type });
  });

  it('reads an OpenDocument mimetype entry that was deflated', () => {
    expect(detectDocumentType(zipOf([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<x/>']], 0))).toEqual({ ok: true, type: 'odt' });
  });

  it('refuses a Windows program whatever it is called', () => {
    expect(detectDocumentType(windowsProgram())).toEqual({ ok: false, reason: 'The file is a Windows program, not a document; programs and scripts cannot be uploaded' });
  });

  it.each([
    ['a Linux program', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['a macOS program', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1])],
    ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
  ])('refuses %s', (kind, bytes) => {
    const detected = detectDocumentType(bytes);
    expect(detected.ok).toBe(false);
    expect(!detected.ok && detected.reason).toContain(`is ${kind}`);
  });

  it('refuses a ZIP that is not an office document, binary data and text with NULs', () => {
    expect(detectDocumentType(zipOf([['readme.txt', 'hello']]))).toEqual({ ok: false, reason: 'The file is a ZIP archive but not a Word, Excel or OpenDocument file' });
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toMatchObject({ ok: false });
    expect(detectDocumentType(Buffer.from('a,b\u0000\n'))).toMatchObject({ ok: false });
    expect(detectDocumentType(Buffer.from([0x61, 0x2c, 0xc3, 0x28]))).toMatchObject({ ok: false });
  });

  it('refuses a truncated archive rather than guessing', () => {
    const docx = minimalDocx();
    expect(detectDocumentType(docx.subarray(0, docx.length - 30))).toMatchObject({ ok: false });
  });
});

describe('file names', () => {
  it('keeps the last path segment, drops what is unsafe and ends in the type found', () => {
    expect(sanitiseFileName('C:\\Users\\alex\\Business plan.PDF', 'pdf')).toBe('Business plan.pdf');
    expect(sanitiseFileName('../../etc/passwd', 'csv')).toBe('passwd.csv');
    expect(sanitiseFileName('invoice.exe', 'pdf')).toBe('invoice.pdf');
    expect(sanitiseFileName('a"b<c>|\u0000d.docx', 'docx')).toBe('a_b_c___d.docx');
    expect(sanitiseFileName('...', 'odt')).toBe('document.odt');
    expect(sanitiseFileName(`${'x'.repeat(400)}.pdf`, 'pdf')).toHaveLength(150);
  });

  it('always downloads, with a UTF-8 name and an ASCII fallback', () => {
    expect(attachmentDisposition('Plan – 2026.pdf')).toBe(`attachment; filename="Plan _ 2026.pdf"; filename*=UTF-8''Plan%20%E2%80%93%202026.pdf`);
  });
});
