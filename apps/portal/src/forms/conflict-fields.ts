import { oneOf, text } from './form-values';

export const CONFLICT_KINDS = [
  { value: 'organisation', text: 'An organisation' },
  { value: 'parent-body', text: 'A parent body' },
  { value: 'authority', text: 'A local authority (by its ONS code)' },
];

/**
 * The fields that declare one conflict of interest (an assessor's, a supplier's): what it is with,
 * the party, and why. Left empty, none is declared; a party needs its kind.
 */
export function readConflict(body: Record<string, unknown>): { values: { conflictKind: string; conflictValue: string; conflictReason: string }; conflicts: { kind: string; value: string; reason?: string }[]; error?: string } {
  const values = { conflictKind: oneOf(CONFLICT_KINDS.map((k) => k.value), body.conflictKind), conflictValue: text(body.conflictValue), conflictReason: text(body.conflictReason) };
  const conflicts = values.conflictValue ? [{ kind: values.conflictKind, value: values.conflictValue, ...(values.conflictReason ? { reason: values.conflictReason } : {}) }] : [];
  return { values, conflicts, error: values.conflictValue && !values.conflictKind ? 'Select what the conflict is with' : undefined };
}
