import { DocumentType } from './detection';

const MAX_NAME = 150;

/**
 * A file name safe to store, show and send back in Content-Disposition: the last path segment
 * only, control characters, quotes and characters Windows refuses replaced, dots and spaces
 * trimmed, no more than 150 characters, ending in the extension of the type the bytes showed.
 */
export function sanitiseFileName(original: string, type: DocumentType): string {
  const base = (original.split(/[\\/]/).pop() ?? '').normalize('NFC');
  let name = base
    .replace(/[\u0000-\u001f\u007f"*:<>?|;`$]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const dot = name.lastIndexOf('.');
  const stem = (dot > 0 ? name.slice(0, dot) : name).replace(/[.\s]+$/, '') || 'document';
  name = `${stem.slice(0, MAX_NAME - type.length - 1)}.${type}`;
  return name;
}

/** A Content-Disposition header that always downloads: ASCII fallback plus the UTF-8 name (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
