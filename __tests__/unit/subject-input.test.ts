// The `subject` input: its grammar, each refusal (one InputError naming `subject`), and how it changes what
// settings carry and what client-id must be.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/domain/errors.js';
import { expectedCommonName, parseSubject } from '../../src/settings/subject.js';
import { readInputs, type RawInputs } from '../support/read-inputs.js';
import { tempDirSync } from '../support/temp.js';

/** The InputError parseSubject throws for `text`; fails the test when it does not throw one. */
function refusal(text: string): string {
  let caught: unknown = new Error(`no error for ${JSON.stringify(text)}`);
  try {
    parseSubject(text);
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof InputError)) throw caught;
  expect(caught.input).toBe('subject');
  return caught.message;
}

describe('parseSubject', () => {
  it('is undefined when empty or blank: Mangopay’s subject applies', () => {
    expect(parseSubject('')).toBeUndefined();
    expect(parseSubject('   ')).toBeUndefined();
  });

  it('reads every allowed type, in the order written, spelling each type as OpenSSL does', () => {
    expect(
      parseSubject(
        'cn=api.example.com,o=Example SA,ou=Payments,c=FR,st=Île-de-France,l=Paris,SERIALNUMBER=42',
      ),
    ).toEqual([
      ['CN', 'api.example.com'],
      ['O', 'Example SA'],
      ['OU', 'Payments'],
      ['C', 'FR'],
      ['ST', 'Île-de-France'],
      ['L', 'Paris'],
      ['serialNumber', '42'],
    ]);
  });

  it('keeps the first written first (not RFC 4514’s reversed order) and keeps repeated types', () => {
    expect(parseSubject('C=DE,OU=b,O=x,OU=a,CN=one,CN=two')).toEqual([
      ['C', 'DE'],
      ['OU', 'b'],
      ['O', 'x'],
      ['OU', 'a'],
      ['CN', 'one'],
      ['CN', 'two'],
    ]);
  });

  it('ignores spaces around "," and "=" but keeps inner spaces and non-ASCII as written', () => {
    expect(parseSubject('  CN = Zürich client 東京 ,  O =  A  B  ')).toEqual([
      ['CN', 'Zürich client 東京'],
      ['O', 'A  B'],
    ]);
  });

  it("allows punctuation outside the forbidden set (the config file escapes it): ' ( ) - . : ? @ & ! %", () => {
    expect(parseSubject("O=O'Brien & Sons (EU) - no.1: ok? @home! 100%")).toEqual([
      ['O', "O'Brien & Sons (EU) - no.1: ok? @home! 100%"],
    ]);
  });

  it.each([
    ['CN=a,O=b,c', /attribute 3 "c" is not TYPE=value/],
    ['CN=a, b', /attribute 2 "b" is not TYPE=value/],
    [
      'CN=a+O=b',
      /attribute 1 \(CN\): "\+" \(multi-valued RDN\) is not supported: write one attribute per RDN/,
    ],
    ['CN=a+b', /attribute 1 \(CN\): "\+" \(multi-valued RDN\) is not supported/],
    ['CN=a=b', /attribute 1 \(CN\): a value cannot contain "="/],
    ['CN=a\\,b', /attribute 1 \(CN\): a value cannot contain any of/],
    ['CN=a\\b', /attribute 1 \(CN\): a value cannot contain any of \\ \/ " < > ; \$ #/],
    ['CN=a/b', /cannot contain any of/],
    ['CN="a"', /cannot contain any of/],
    ['CN=<a>', /cannot contain any of/],
    ['CN=a;O=b', /attribute 1 \(CN\): a value cannot contain "="/],
    ['CN=a;b', /attribute 1 \(CN\): a value cannot contain any of/],
    ['CN=$HOME', /cannot contain any of/],
    ['CN=#a', /cannot contain any of/],
    ['CN=a\nO=b', /contains a line break/],
    ['CN=a\rb', /contains a line break/],
    ['CN=a\tb', /control or invisible formatting characters/],
    ['CN=a\u0000b', /control or invisible formatting characters/],
    ['CN=a\u0085b', /control or invisible formatting characters/],
    ['CN=a\u202eb', /control or invisible formatting characters/],
    ['CN=a\u200bb', /control or invisible formatting characters/],
    ['CN=a\u2028b', /control or invisible formatting characters/],
    ['CN=a\ud800b', /control or invisible formatting characters/],
    [
      'E=a@example.com',
      /attribute 1: "E" is not an attribute type the action writes; use CN, O, OU, C, ST, L, serialNumber/,
    ],
    ['CN=a,DC=com', /attribute 2: "DC" is not an attribute type/],
    ['1.2.3=a', /"1\.2\.3" is not an attribute type/],
    [`CN=${'a'.repeat(65)}`, /attribute 1 \(CN\) is 65 characters long; at most 64 are allowed/],
    [`CN=${'é'.repeat(65)}`, /is 65 characters long; at most 64/],
    [`L=${'a'.repeat(129)}`, /attribute 1 \(L\) is 129 characters long; at most 128/],
    ['CN=', /attribute 1 \(CN\) has an empty value/],
    ['CN=  ,O=b', /attribute 1 \(CN\) has an empty value/],
    ['CN=a,,O=b', /attribute 2 is empty; expected TYPE=value pairs separated by ","/],
    ['CN=a,', /attribute 2 is empty/],
    [',CN=a', /attribute 1 is empty/],
    ['=a', /attribute 1: "" is not an attribute type/],
    ['C=LUX', /attribute 1 \(C\) must be a two-letter country code such as LU; got "LUX"/],
    ['C=L', /two-letter country code/],
    ['C=1A', /two-letter country code/],
    ['C=ÉÉ', /two-letter country code/],
    ['serialNumber=abc_1', /attribute 1 \(serialNumber\) may hold only letters, digits, spaces and/],
    ['serialNumber=é1', /PrintableString/],
    [`O=${'a'.repeat(1100)}`, /is 1102 characters long; at most 1024 are accepted/],
  ])('refuses %j', (text, message) => {
    expect(refusal(text)).toMatch(/^Input 'subject': /);
    expect(refusal(text)).toMatch(message);
  });

  it('accepts the bounds: CN of 64 characters, L of 128, C in either case', () => {
    expect(parseSubject(`CN=${'é'.repeat(64)},L=${'a'.repeat(128)},C=lu`)).toEqual([
      ['CN', 'é'.repeat(64)],
      ['L', 'a'.repeat(128)],
      ['C', 'lu'],
    ]);
  });

  it('expects the first CN written, or none', () => {
    expect(
      expectedCommonName([
        ['O', 'x'],
        ['CN', 'a'],
        ['CN', 'b'],
      ]),
    ).toBe('a');
    expect(expectedCommonName([['O', 'x']])).toBeUndefined();
  });
});

describe('subject in settings', () => {
  const workspace = tempDirSync('subject-ws-');
  const read = (inputs: RawInputs) =>
    readInputs({ 'client-id': 'acme', ...inputs }, { workspace, inActions: false }).settings;

  it('defaults to Mangopay’s subject from client-id and mangopay-environment', () => {
    const settings = read({ 'mangopay-environment': 'production' });
    expect(settings.subject).toEqual([
      ['CN', 'acme.prod.mangopay.com'],
      ['O', 'Mangopay'],
      ['C', 'LU'],
    ]);
    expect(settings.customSubject).toBe(false);
  });

  it('carries a custom subject in order; client-id then needs only the general pattern, not the CN length', () => {
    const longId = `a${'-b'.repeat(40)}`;
    expect(() => read({ 'client-id': longId })).toThrow(/Input 'client-id': is 81 characters; at most 43/);
    const settings = read({ 'client-id': longId, subject: ' OU=x , CN=api ', 'key-type': 'ec-p384' });
    expect(settings.subject).toEqual([
      ['OU', 'x'],
      ['CN', 'api'],
    ]);
    expect(settings.customSubject).toBe(true);
    expect(settings.clientId).toBe(longId);
    expect(settings.mode === 'request' && settings.keyType).toBe('ec-p384');
    expect(settings.mode === 'request' && settings.artifact.fileName).toBe(`${longId}-sandbox.csr`);
    expect(() => read({ 'client-id': 'a.b', subject: 'CN=api' })).toThrow(
      /^Input 'client-id': expected letters, digits/,
    );
    expect(() => read({ 'client-id': 'a'.repeat(201), subject: 'CN=api' })).toThrow(/at most 200/);
  });

  it('is refused before anything else about the run is decided', () => {
    expect(() => read({ subject: 'CN=a,X=b' })).toThrow(/^Input 'subject': attribute 2: "X"/);
    expect(() => read({ subject: 'CN=a\u0001' })).toThrow(/^Input 'subject': contains control characters/);
  });
});
