// A loopback fake of the Actions results service as @actions/artifact v6 (artifacts "v4") talks to it:
//
//   1. Twirp JSON  POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact
//      → { ok, signed_upload_url }, a SAS-style blob URL (path-style, like Azurite, so the Azure SDK accepts
//      a 127.0.0.1 host: /<account>/<container>/<blob>?sv=…&se=…&sp=…&sig=…).
//   2. Azure Blob block upload on that URL (blob.ts).
//   3. Twirp JSON  POST …/FinalizeArtifact with the uploaded size and sha256 → { ok, artifact_id } (twirp.ts).
//
// Faults and holds are shared with the GitHub fake (../fake-faults.ts, ../fake-holds.ts).
import { randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { FaultQueue } from '../fake-faults.js';
import { handling, Holds } from '../fake-holds.js';
import { listenOnLoopback } from '../fake-http.js';
import { handle, type ServerDeps } from './server.js';
import type {
  ArtifactCall,
  ArtifactFault,
  FakeArtifactService,
  Pending,
  ServiceState,
  UploadedArtifact,
} from './types.js';

export type {
  ArtifactCall,
  ArtifactFault,
  ArtifactRoute,
  FakeArtifactService,
  UploadedArtifact,
} from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const runId = randomUUID();
  const jobId = randomUUID();
  const runtimeToken = unsignedJwt({
    scp: `Actions.ExampleScope Actions.Results:${runId}:${jobId}`,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  // Real artifact ids are large; the client parses them as int64 strings.
  const state: ServiceState = {
    runId,
    jobId,
    runtimeToken,
    artifacts: [],
    nextId: 4_200_000_001,
    baseUrl: '',
  };
  const calls: ArtifactCall[] = [];
  const holds = new Holds();
  const deps: ServerDeps = { state, faults: new FaultQueue<ArtifactFault>(), holds, calls };
  const server = await listenOnLoopback((req, res) => {
    const { handled, done } = handling();
    handle(req, res, deps, handled)
      .catch((error: unknown) => {
        // A bug in the fake must surface in the test, not hang the client.
        if (!res.headersSent) {
          res
            .writeHead(500, { 'content-type': 'text/plain' })
            .end(`fake-artifact-service bug: ${String(error)}`);
        }
      })
      .finally(done);
  });
  state.baseUrl = server.baseUrl;

  return {
    url: `${server.baseUrl}/`,
    runtimeToken,
    env: { ACTIONS_RESULTS_URL: `${server.baseUrl}/`, ACTIONS_RUNTIME_TOKEN: runtimeToken },
    artifacts: () => state.artifacts.flatMap(uploaded),
    calls,
    injectFault: (fault) => deps.faults.inject(fault),
    hold: (match) => holds.hold(match),
    close: server.close,
  };
}

/** A finalized artifact as the test sees it (unzipped), or nothing while it is not finalized. */
function uploaded(artifact: Pending): UploadedArtifact[] {
  if (!artifact.finalized || !artifact.committed || artifact.deleted) return [];
  const files: Record<string, Buffer> = {};
  for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(artifact.committed)))) {
    if (!path.endsWith('/')) files[path] = Buffer.from(bytes);
  }
  const retentionDays =
    artifact.expiresAt === undefined
      ? undefined
      : Math.round((artifact.expiresAt - artifact.createdAt) / DAY_MS);
  return [
    {
      id: artifact.finalized.id,
      name: artifact.name,
      files,
      ...(retentionDays === undefined ? {} : { retentionDays }),
      size: artifact.committed.length,
    },
  ];
}

/** A JWT with `alg: none` (the client only decodes the payload; the service would verify it). */
function unsignedJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}
