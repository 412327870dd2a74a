// The hidden markers: round trips, and strict parsing of bodies someone else may have edited.
import { describe, expect, it } from '@jest/globals';
import {
  commentMarker,
  credentialMarker,
  parseCommentMarker,
  parseCredentialMarker,
  parseRequestMarker,
  requestMarker,
  sameCredential,
  sameRequest,
  type CredentialId,
} from '../../../src/issue/marker.js';

const REPO: CredentialId = {
  target: 'octo-org/payments',
  scope: 'repository',
  clientId: 'acme_1',
  mangopayEnvironment: 'sandbox',
};
const ENV: CredentialId = { ...REPO, scope: 'environment', githubEnvironment: 'prod --> <b>x</b> é' };
const ORG: CredentialId = {
  ...REPO,
  scope: 'organization',
  target: 'octo-org',
  mangopayEnvironment: 'production',
};
const SHA = 'ab'.repeat(32);

describe('credential marker', () => {
  it('round-trips every scope, escaping what could end the comment', () => {
    for (const id of [REPO, ENV, ORG]) {
      const marker = credentialMarker(id);
      expect(marker).toMatch(/^<!-- [^>]*-->$/);
      expect(parseCredentialMarker(`text\r\n\r\n${marker}  \r\nmore`)).toEqual(id);
    }
  });

  it('counts only one exact marker line', () => {
    const marker = credentialMarker(REPO);
    const refused = [
      '',
      `say ${marker}`,
      `${marker} tail`,
      `> ${marker}`,
      `${marker}\n${credentialMarker(ORG)}`,
      marker.replace('v1', 'v2'),
      marker.replace('scope=repository', 'scope=world'),
      marker.replace('mangopay-environment=sandbox', 'mangopay-environment=live'),
      marker.replace('client-id=acme_1', 'client-id=acme%20x'),
      marker.replace('client-id=acme_1', 'client-id=%E0%A4%A'),
      marker.replace('target=octo-org%2Fpayments', 'target=octo-org'), // repository scope needs owner/name
      marker.replace('github-environment=', 'github-environment=prod'), // an environment outside environment scope
      marker.replace(' target=', ' extra=1 target='),
    ];
    for (const body of refused) expect(parseCredentialMarker(body)).toBeUndefined();
  });

  it('compares names as GitHub does: owner, repository and environment case-insensitively', () => {
    expect(sameCredential(REPO, { ...REPO, target: 'Octo-Org/Payments' })).toBe(true);
    expect(sameCredential(ENV, { ...ENV, githubEnvironment: ENV.githubEnvironment.toUpperCase() })).toBe(
      true,
    );
    expect(sameCredential(REPO, { ...REPO, clientId: 'ACME_1' })).toBe(false);
    expect(sameCredential(REPO, { ...REPO, mangopayEnvironment: 'production' })).toBe(false);
    expect(sameCredential(REPO, { ...REPO, scope: 'environment', githubEnvironment: 'x' })).toBe(false);
  });
});

describe('request stamp', () => {
  it('round-trips and compares assignees as a set', () => {
    const stamp = { publicKeySha256: SHA, assignees: ['alice', 'Bob'] };
    expect(parseRequestMarker(`body\n${requestMarker(stamp)}\n`)).toEqual(stamp);
    expect(parseRequestMarker(requestMarker({ publicKeySha256: SHA, assignees: [] }))).toEqual({
      publicKeySha256: SHA,
      assignees: [],
    });
    expect(sameRequest(stamp, { publicKeySha256: SHA.toUpperCase(), assignees: ['bob', 'alice'] })).toBe(
      true,
    );
    expect(sameRequest(stamp, { publicKeySha256: SHA, assignees: ['alice'] })).toBe(false);
    expect(sameRequest(stamp, { publicKeySha256: 'cd'.repeat(32), assignees: stamp.assignees })).toBe(false);
  });

  it('refuses stamps with bad logins or digests', () => {
    const good = requestMarker({ publicKeySha256: SHA, assignees: ['alice'] });
    for (const body of [
      good.replace('alice', 'al%20ice'),
      good.replace(SHA, SHA.slice(2)),
      `${good}\n${good}`,
    ]) {
      expect(parseRequestMarker(body)).toBeUndefined();
    }
  });
});

describe('comment marker', () => {
  it('is recognised on the first line only', () => {
    const reminder = commentMarker({ kind: 'reminder' });
    expect(parseCommentMarker(`${reminder}\r\nhello`)).toEqual({ kind: 'reminder' });
    expect(parseCommentMarker(`hi\n${reminder}`)).toBeUndefined();
    expect(parseCommentMarker(reminder.replace('reminder', 'surprise'))).toBeUndefined();
  });

  it('names the comment a reply answers, and only a reply', () => {
    const reply = commentMarker({ kind: 'refused', answers: 4242 });
    expect(reply).toBe('<!-- mangopay-mtls-rotate:comment v1 kind=refused answers=4242 -->');
    expect(parseCommentMarker(`${reply}\ntext`)).toEqual({ kind: 'refused', answers: 4242 });
    expect(parseCommentMarker(commentMarker({ kind: 'installed', answers: undefined }))).toEqual({
      kind: 'installed',
      answers: undefined,
    });
    for (const bad of [
      reply.replace('4242', '0'),
      reply.replace('4242', '-1'),
      reply.replace('4242', '12a'),
      reply.replace(' answers=4242', ' answers='),
      reply.replace(' answers=4242', ' answers=1 answers=2'),
      '<!-- mangopay-mtls-rotate:comment v1 kind=reminder answers=5 -->',
    ]) {
      expect(parseCommentMarker(bad)).toBeUndefined();
    }
  });
});
