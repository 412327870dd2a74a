/** When a rotation is due, and how dates are reported. Pure functions of their arguments. */

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Whole days from now to notAfter, rounded down; negative once expired. */
export function daysRemaining(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

/** A request is due when there is no current certificate or it has renewBeforeDays days or fewer left. */
export function isRotationDue(notAfter: Date | undefined, renewBeforeDays: number, now: Date): boolean {
  return notAfter === undefined || daysRemaining(notAfter, now) <= renewBeforeDays;
}

/** ISO-8601 UTC without milliseconds: 2027-11-29T10:00:00Z. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The first moment a request is due: renewBeforeDays before notAfter. */
export function dueFrom(notAfter: Date, renewBeforeDays: number): Date {
  return new Date(notAfter.getTime() - renewBeforeDays * DAY_MS);
}
