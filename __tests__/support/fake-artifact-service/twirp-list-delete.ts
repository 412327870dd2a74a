// The results service's ListArtifacts and DeleteArtifact (Twirp JSON), as @actions/artifact's deleteArtifact
// uses them within its own workflow run: list by name, then delete by name. Field names and int64-as-string
// follow the service's protobuf (@actions/artifact lib/generated/results/api/v1/artifact.ts).
import type { ServiceState } from './types.js';
import { TwirpError } from './twirp.js';

export function listArtifacts(state: ServiceState, body: Record<string, unknown>) {
  const nameFilter = body.name_filter;
  if (nameFilter !== undefined && typeof nameFilter !== 'string') {
    throw new TwirpError('invalid_argument', 'name_filter: must be a string');
  }
  const artifacts = state.artifacts.flatMap((artifact) =>
    artifact.finalized && !artifact.deleted && (nameFilter === undefined || artifact.name === nameFilter)
      ? [
          {
            workflow_run_backend_id: state.runId,
            workflow_job_run_backend_id: state.jobId,
            database_id: String(artifact.finalized.id),
            name: artifact.name,
            size: String(artifact.committed?.length ?? 0),
            created_at: new Date(artifact.createdAt).toISOString(),
          },
        ]
      : [],
  );
  return { artifacts };
}

export function deleteArtifact(state: ServiceState, name: string) {
  const artifact = state.artifacts.find((a) => a.name === name && a.finalized && !a.deleted);
  if (!artifact?.finalized) throw new TwirpError('not_found', `no artifact named ${name}`);
  artifact.deleted = true;
  return { ok: true, artifact_id: String(artifact.finalized.id) };
}
