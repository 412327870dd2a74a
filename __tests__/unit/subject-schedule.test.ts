import { describe, expect, it } from '@jest/globals';
import {
  clientIdProblem,
  commonName,
  maxClientIdLength,
  subjectAttributes,
} from '../../src/domain/subject.js';
import { daysRemaining, isoUtc, isRotationDue } from '../../src/domain/schedule.js';

describe('subject', () => {
  it('builds Mangopay subjects per environment, in order CN, O, C', () => {
    expect(subjectAttributes('acme_01', 'sandbox')).toEqual([
      ['CN', 'acme_01.sandbox.mangopay.com'],
      ['O', 'Mangopay'],
      ['C', 'LU'],
    ]);
    expect(commonName('acme-01', 'production')).toBe('acme-01.prod.mangopay.com');
  });

  it('fits the CN in 64 characters: 43 for sandbox, 46 for production', () => {
    expect(maxClientIdLength('sandbox')).toBe(43);
    expect(maxClientIdLength('production')).toBe(46);
    expect(clientIdProblem('a'.repeat(43), 'sandbox')).toBeUndefined();
    expect(clientIdProblem('a'.repeat(44), 'sandbox')).toMatch(/at most 43/);
    expect(clientIdProblem('a'.repeat(46), 'production')).toBeUndefined();
    expect(clientIdProblem('a'.repeat(47), 'production')).toMatch(/at most 46/);
  });

  it.each(['', '-lead', '_lead', 'a/b', 'a=b', 'a,O=Evil', 'a+CN=x', 'a b', 'é', 'a.b', 'a$x', 'a\nb'])(
    'refuses client id %j',
    (id) => {
      expect(clientIdProblem(id, 'sandbox')).toBeDefined();
    },
  );
});

describe('schedule', () => {
  const now = new Date('2026-11-29T10:00:00Z');

  it('counts whole days, rounded down, negative once expired', () => {
    expect(daysRemaining(new Date('2026-12-29T10:00:00Z'), now)).toBe(30);
    expect(daysRemaining(new Date('2026-12-29T09:59:59Z'), now)).toBe(29);
    expect(daysRemaining(new Date('2026-11-29T10:00:00Z'), now)).toBe(0);
    expect(daysRemaining(new Date('2026-11-29T09:59:59Z'), now)).toBe(-1);
    expect(daysRemaining(new Date('2026-11-19T10:00:00Z'), now)).toBe(-10);
  });

  it('is due with no certificate or with renew-before-days or fewer days left', () => {
    expect(isRotationDue(undefined, 30, now)).toBe(true);
    expect(isRotationDue(new Date('2026-12-29T10:00:00Z'), 30, now)).toBe(true);
    expect(isRotationDue(new Date('2026-12-30T10:00:00Z'), 30, now)).toBe(false);
    expect(isRotationDue(new Date('2026-11-30T10:00:00Z'), 0, now)).toBe(false);
    expect(isRotationDue(new Date('2026-11-20T10:00:00Z'), 0, now)).toBe(true);
  });

  it('formats ISO-8601 UTC without milliseconds', () => {
    expect(isoUtc(new Date('2027-11-29T10:00:00.123Z'))).toBe('2027-11-29T10:00:00Z');
  });
});
