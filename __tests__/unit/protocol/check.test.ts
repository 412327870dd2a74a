// check over in-memory ports: reads once, writes nothing, reports expiry, due and pending.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CheckedResult, RunResult } from '../../../src/protocol/result.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, DAY_MS, type TestCa } from '../../support/test-ca.js';

const CERT = 'MANGOPAY_MTLS_CERT';
const CSR = 'MANGOPAY_MTLS_CSR';

let ca: TestCa;
let pairs: KeyPair[];
let certificate: string;
let notAfter: Date;
let bed: ProtocolBed;

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(1);
  notAfter = new Date(Math.floor((Date.now() + 100 * DAY_MS) / 1000) * 1000);
  certificate = await ca.signCsr(pairs[0].csrPem, { notAfter });
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

function checked(result: RunResult): CheckedResult {
  if (result.state !== 'checked') throw new Error(`expected checked, got ${result.state}`);
  expect(bed.events.storeCalls()).toEqual(['readVariables']);
  return result;
}

describe('check', () => {
  it('with nothing stored: due, not pending, no certificate', async () => {
    const result = checked(await bed.run({ mode: 'check' }));
    expect(result).toMatchObject({ due: true, pending: false, current: undefined });
  });

  it('far from expiry: not due, with days remaining and the due date', async () => {
    bed.store.variables.set(CERT, certificate);
    bed.now = new Date(notAfter.getTime() - 50 * DAY_MS);
    const result = checked(await bed.run({ mode: 'check' }));
    expect(result.due).toBe(false);
    expect(result.current?.daysRemaining).toBe(50);
    expect(result.current?.dueFrom).toEqual(new Date(notAfter.getTime() - 30 * DAY_MS));
  });

  it('inside the window: due', async () => {
    bed.store.variables.set(CERT, certificate);
    bed.now = new Date(notAfter.getTime() - 30 * DAY_MS);
    expect(checked(await bed.run({ mode: 'check' })).due).toBe(true);
  });

  it('expired: negative days and a warning', async () => {
    bed.store.variables.set(CERT, certificate);
    bed.now = new Date(notAfter.getTime() + 3.5 * DAY_MS);
    const result = checked(await bed.run({ mode: 'check' }));
    expect(result.current?.daysRemaining).toBe(-4);
    expect(result.warnings).toEqual([expect.stringMatching(/^The current certificate expired on /)]);
  });

  it('pending when the CSR variable holds a CSR; a warning when it holds something else', async () => {
    bed.store.variables.set(CSR, pairs[0].csrPem);
    expect(checked(await bed.run({ mode: 'check' })).pending).toBe(true);
    bed.store.variables.set(CSR, 'garbage');
    const result = await bed.run({ mode: 'check' });
    expect(result.warnings).toEqual([expect.stringContaining('does not hold a certificate request')]);
  });
});
