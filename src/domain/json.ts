/** Reading GitHub's JSON answers and event payloads field by field: all of it is untrusted. */

export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Label names, lower-cased: the payload gives objects with `name` (strings are accepted too). */
export function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels
    .map((label: unknown) => (typeof label === 'string' ? label : field(label, 'name')))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.toLowerCase());
}
