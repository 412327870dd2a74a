/** Reading GitHub's JSON answers and event payloads field by field: all of it is untrusted. */

export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** A date-time field of an answer (`2026-01-01T10:00:00Z`); undefined when absent or not a date. */
export function timestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Label names, lower-cased: the payload gives objects with `name` (strings are accepted too). */
export function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels
    .map((label: unknown) => (typeof label === 'string' ? label : field(label, 'name')))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.toLowerCase());
}
