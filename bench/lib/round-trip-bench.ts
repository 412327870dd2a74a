// Issue 11's measurement: every mode of a rotation, timed in two scenarios in the same interleaved rounds,
//   loopback: the fakes answer in microseconds (what the rest of the bench measures);
//   latency:  each fake behind a delay proxy adding `delayMs` to every answer (a hosted runner's round trip);
// each as a ratio to its own floor, measured in the same rounds:
//   loopback floor = `node -e ''` + the product's `openssl req`;
//   latency floor  = bare Node making 7 sequential round trips through a delay proxy + the same `openssl req`.
// Calls come from the fakes' logs; round trips from the proxies' timings (round-trips.ts), so only the
// latency scenario has them: on loopback, calls sent together rarely overlap at all.
import { createTestCa } from '../../__tests__/support/test-ca.js';
import { timedCycle, MODES, type ModeRun } from './cycle.js';
import { interleave } from './interleave.js';
import { FLOOR_ROUND_TRIPS, LatencyFloor } from './latency-floor.js';
import { ms, ratio, table } from './markdown.js';
import { inFlight, waves } from './round-trips.js';
import { bareNode, type OpenSslFloor } from './scenarios.js';
import { median, summarize } from './stats.js';

export interface RoundTripResults {
  delayMs: number;
  rounds: number;
  loopback: ModeRun[][];
  latency: ModeRun[][];
  floors: { node: number; openssl: number; nodeWithTrips: number }[];
}

type Sample =
  { kind: 'cycle'; runs: ModeRun[] } | { kind: 'floor'; node: number; openssl: number; trips: number };

export async function measureRoundTrips(opts: {
  node: string;
  /** Another bundle than dist/index.js. */
  entry?: string;
  openssl: OpenSslFloor;
  delayMs: number;
  rounds: number;
  log: (message: string) => void;
}): Promise<RoundTripResults> {
  const { node, entry, openssl, delayMs, rounds, log } = opts;
  const ca = await createTestCa();
  const floor = await LatencyFloor.start(delayMs);
  try {
    log(
      `Round trips: warm-up cycle, then ${rounds} interleaved rounds of: loopback cycle, ${delayMs} ms cycle, floors ...`,
    );
    await timedCycle(node, entry, ca);
    await floor.run(node);
    const started = performance.now();
    const results = await interleave<Sample>(
      [
        { name: 'loopback', run: async () => ({ kind: 'cycle', runs: await timedCycle(node, entry, ca) }) },
        {
          name: 'latency',
          run: async () => ({ kind: 'cycle', runs: await timedCycle(node, entry, ca, delayMs) }),
        },
        {
          name: 'floor',
          run: async () => ({
            kind: 'floor',
            node: await bareNode(node),
            openssl: await openssl.run(),
            trips: await floor.run(node),
          }),
        },
      ],
      rounds,
      (round) =>
        log(`  round ${round + 1}/${rounds} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    );
    const cycles = (name: string) => results[name].map((s) => (s.kind === 'cycle' ? s.runs : never()));
    return {
      delayMs,
      rounds,
      loopback: cycles('loopback'),
      latency: cycles('latency'),
      floors: results.floor.map((s) =>
        s.kind === 'floor' ? { node: s.node, openssl: s.openssl, nodeWithTrips: s.trips } : never(),
      ),
    };
  } finally {
    await floor.dispose();
    await ca.dispose();
  }
}

function never(): never {
  throw new Error('unexpected sample kind');
}

export interface ModeSummary {
  mode: string;
  calls: string[];
  roundTrips: number[];
  newConnections: number[];
  loopbackMs: number;
  latencyMs: number;
  /** Median time with at least one call in flight, latency scenario. */
  inFlightMs: number;
  /** The latency run's calls, wave by wave (from its median-time cycle). */
  waves: string[][];
}

export function summarizeModes(results: RoundTripResults): ModeSummary[] {
  return MODES.map(({ label }, i) => {
    const loopback = results.loopback.map((cycle) => cycle[i]);
    const latency = results.latency.map((cycle) => cycle[i]);
    const timed = latency.map((run) => run.timed ?? []);
    const sortedCalls = (run: ModeRun) => [...run.calls].sort().join('\n');
    const differing = [...loopback, ...latency].filter((run) => sortedCalls(run) !== sortedCalls(latency[0]));
    if (differing.length > 0) throw new Error(`${label}: the calls differ between runs`);
    const typical = [...latency].sort((a, b) => a.ms - b.ms)[latency.length >> 1];
    return {
      mode: label,
      calls: latency[0].calls,
      roundTrips: timed.map((calls) => waves(calls).length),
      newConnections: timed.map((calls) => calls.filter((c) => c.newConnection).length),
      loopbackMs: median(loopback.map((run) => run.ms)),
      latencyMs: median(latency.map((run) => run.ms)),
      inFlightMs: median(timed.map(inFlight)),
      waves: waves(typical.timed ?? []).map((wave) => wave.map((c) => c.label)),
    };
  });
}

const spread = (values: number[]) => {
  const s = summarize(values);
  return s.min === s.max ? String(s.median) : `${s.median} (${s.min}–${s.max})`;
};

export function renderRoundTrips(results: RoundTripResults): string {
  const { delayMs, floors } = results;
  const loopbackFloor = median(floors.map((f) => f.node + f.openssl));
  const latencyFloor = median(floors.map((f) => f.nodeWithTrips + f.openssl));
  const modes = summarizeModes(results);
  const out: string[] = [];
  out.push(
    `Every mode of one rotation (request → requested, request → pending, promote, request → not-due, check), ` +
      `each run on its own against fresh state, in two scenarios: **loopback** (the fakes answer at once) ` +
      `and **latency** (each fake behind a 127.0.0.1 proxy that adds ${delayMs} ms to every answer, ` +
      `artifact blob uploads included; connections are kept alive as the client asks, so the delay is per ` +
      `answer, not per connection). ${results.rounds} interleaved rounds; medians.`,
    '',
    `Floors, measured in the same rounds: loopback = \`node -e ''\` + \`openssl req\` (RSA 2048 key + CSR); ` +
      `latency = bare Node making ${FLOOR_ROUND_TRIPS} sequential requests through a ${delayMs} ms proxy ` +
      '(read the state, store the pending secret, store the CSR variable, CreateArtifact, block upload, ' +
      'block commit, FinalizeArtifact) + the same `openssl req`.',
    '',
  );
  out.push(
    table(
      ['floor', 'median'],
      [
        ['loopback: node + openssl', ms(loopbackFloor)],
        [`latency: node + ${FLOOR_ROUND_TRIPS} round trips + openssl`, ms(latencyFloor)],
        [
          `${FLOOR_ROUND_TRIPS} round trips above bare node (per round)`,
          ms(median(floors.map((f) => f.nodeWithTrips - f.node))),
        ],
      ],
    ),
    '',
  );
  out.push(
    table(
      [
        'mode',
        'calls',
        'round trips',
        'new connections',
        'loopback',
        'ratio',
        `${delayMs} ms`,
        'ratio',
        'of which in flight',
      ],
      modes.map((m) => [
        m.mode,
        m.calls.length,
        spread(m.roundTrips),
        spread(m.newConnections),
        ms(m.loopbackMs),
        ratio(m.loopbackMs / loopbackFloor),
        ms(m.latencyMs),
        ratio(m.latencyMs / latencyFloor),
        ms(m.inFlightMs),
      ]),
    ),
    '',
    '`ratio` = median wall time of the mode / median floor of the same scenario. `round trips`: waves of ' +
      'calls on the critical path, from the latency runs (median, and the range when the rounds disagree): ' +
      'the call that answers first closes a wave, and every call sent before that answer arrived belongs to ' +
      'it; the count equals the longest chain of calls that do not overlap in time. `new connections`: ' +
      'requests that opened a connection (over HTTPS each would add a handshake, not simulated here). ' +
      '`of which in flight`: time with at least one call waiting for its answer (latency runs, median); the ' +
      'rest of the wall time is local work.',
    '',
    'Calls per mode, in waves (latency run of median time; `a, b` = sent together, one line per round trip):',
  );
  for (const m of modes) {
    out.push('', `**${m.mode}** (${m.calls.length} calls, ${m.waves.length} round trips):`, '');
    m.waves.forEach((wave, i) => out.push(`${i + 1}. ${wave.map((c) => `\`${c}\``).join(', ')}`));
  }
  return out.join('\n');
}
