export type CsvValue = string | number | boolean | null | undefined;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, line break or edge spaces, with
 * quotes doubled. Text a spreadsheet would run as a formula (=, +, -, @) gets a leading
 * apostrophe, so an organisation name cannot run code on an officer's machine.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** Pence as pounds with two decimals (25000.00), exact, for spreadsheet columns. */
export function poundsColumn(pence: number | null): string {
  if (pence === null) return '';
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}
