// The configured client on its own: a wrong token is not retried, error messages carry no secret, and two
// clients share no retry state.
import { describe, expect, it } from '@jest/globals';
import { RepositoryPlace } from '../../../src/adapters/github/repository.js';
import { GitHubStore } from '../../../src/adapters/github/store.js';
import { FAKE_TOKEN } from '../../support/fake-github.js';
import type { Hold } from '../../support/fake-holds.js';
import { held } from '../../support/memory/held.js';
import { client, SCOPES, startFake } from './calls.js';

describe('the client', () => {
  it('a wrong token is refused once (401) with advice, not retried', async () => {
    const github = await startFake();
    const store = new GitHubStore(
      client(github, { token: 'not-a-real-token' }),
      new RepositoryPlace(SCOPES[0].store),
      () => undefined,
    );
    await expect(store.readVariables(['X'])).rejects.toThrow(
      /Could not list variables in repository octo-org\/payments: GitHub refused the token \(401 "Bad credentials"\)/,
    );
    expect(github.calls).toHaveLength(1);
  });

  it('the error messages carry no token and no request body', async () => {
    const github = await startFake();
    github.injectFault({ method: 'PUT', kind: 'status', status: 422, times: 1 });
    const masked: string[] = [];
    const store = new GitHubStore(client(github), new RepositoryPlace(SCOPES[0].store), (value) =>
      masked.push(value),
    );
    const sealed = await store.sealSecret('top secret value');
    const error = await store.putSecret('X', sealed).then(
      () => new Error('expected a failure'),
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    expect(error.message).toMatch(/GitHub rejected the request \(422\)/);
    expect(error.message).not.toContain(FAKE_TOKEN);
    expect(error.message).not.toContain(sealed.encryptedValue);
    expect(masked).toContain(sealed.encryptedValue); // the sealed box is masked before it is sent
  });

  it('clients do not share retry state: one waiting on a rate limit never delays another', async () => {
    const github = await startFake();
    github.setVariable(SCOPES[0].target, 'X', 'x');
    const list = { method: 'GET', route: `${SCOPES[0].prefix}/variables` };
    const one = { method: 'GET', route: `${SCOPES[0].prefix}/variables/{name}` };
    // The first client's list meets a secondary limit asking for 10 units of 100 ms: a second to wait. Once it
    // has decided to wait (its retry notice), its retry is held: it comes back only when the test lets it.
    github.injectFault({ ...list, kind: 'secondary-rate-limit', retryAfter: 10, times: 1 });
    const waits = held();
    let retry: Hold | undefined;
    const onLog = () => {
      retry ??= github.hold(list);
      waits.release();
    };
    const waiting = new GitHubStore(
      client(github, { retryBaseMs: 100, onLog }),
      new RepositoryPlace(SCOPES[0].store),
      () => undefined,
    );
    const other = new GitHubStore(client(github), new RepositoryPlace(SCOPES[0].store), () => undefined);
    let waitingDone = false;
    const first = waiting.readVariables(['X']).finally(() => (waitingDone = true));
    try {
      await waits.until;
      if (retry === undefined) throw new Error('no hold was placed');
      // While the first client waits, the other's call goes through: it is answered before the first
      // client's wait is over (it has that whole second). Sharing the wait, or a queue behind it, lets the
      // retry arrive first, and the test fails then, not by a timeout.
      const answered = other.getVariable('X').then(() => 'the other call answered');
      const retried = retry.arrived.then(() => 'the waiting client retried');
      expect(await Promise.race([answered, retried])).toBe('the other call answered');
      expect(github.calls.map((call) => `${call.route} ${call.status}`)).toEqual([
        `${list.route} 403`,
        `${one.route} 200`,
      ]);
      expect(waitingDone).toBe(false);
    } finally {
      retry?.release();
    }
    await first;
    expect(github.calls.map((call) => `${call.route} ${call.status}`)).toEqual([
      `${list.route} 403`,
      `${one.route} 200`,
      `${list.route} 200`,
    ]);
  });
});
