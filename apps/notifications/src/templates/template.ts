/**
 * A message template in GOV.UK Notify's style: `((placeholder))` fields filled from personalisation.
 * Templates are versioned: a queued message keeps the version it was created with.
 */
export interface MessageTemplate {
  id: string;
  version: number;
  /** The same template as set up in our GOV.UK Notify service, which renders it there. */
  notifyTemplateId: string;
  subject: string;
  body: string;
}

const PLACEHOLDER = /\(\(([a-zA-Z0-9_]+)\)\)/g;

export function placeholdersOf(template: MessageTemplate): string[] {
  const names = new Set<string>();
  for (const text of [template.subject, template.body]) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

export class MissingPersonalisationError extends Error {}

export function render(template: MessageTemplate, personalisation: Record<string, string>): { subject: string; body: string } {
  const missing = placeholdersOf(template).filter((name) => personalisation[name] === undefined || personalisation[name] === '');
  if (missing.length > 0) {
    throw new MissingPersonalisationError(`template ${template.id} is missing ${missing.join(', ')}`);
  }
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => personalisation[name]);
  return { subject: fill(template.subject), body: fill(template.body) };
}
