// Checks HTTP traffic against GitHub's published OpenAPI description (@octokit/openapi, api.github.com).
//
// Loading: the dereferenced file is 73 MB (about 0.6 s to parse); the plain one is 13 MB (about 0.25 s), so we
// use the plain one and resolve `$ref`s ourselves, without its annotations (descriptions, examples: 3 MB, 0.04 s),
// kept on disk for every test file after the first (Jest parses it once per file). Ajv only ever sees the few
// component schemas an operation actually reaches (registering all of `components` costs another 0.13 s).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readCached, writeCached } from './test-cache.js';

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  externalDocs?: { url: string };
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
}

export interface RouteMatch {
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/actions/variables/{name}`. */
  template: string;
  operationId: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
}

/**
 * Error statuses GitHub answers on any endpoint (bad token, missing permission, not found, conflict,
 * validation, rate limit, outage) although the description lists them for only some operations.
 * They are accepted when undocumented, provided the body is GitHub's basic error.
 */
const GENERIC_ERROR_STATUSES = new Set([400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]);

const SCHEMA_BASE = 'https://openapi.invalid/api.github.com';

interface Loaded {
  doc: { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, Json>> };
  routes: { template: string; segments: string[]; literals: number }[];
  ajv: Ajv;
  registered: Set<string>;
  validators: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const doc = readDescription();
  const routes = Object.keys(doc.paths).map((template) => {
    const segments = template.split('/');
    return { template, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
  });
  // Most specific first, so `/secrets/public-key` wins over `/secrets/{secret_name}`.
  routes.sort((a, b) => b.literals - a.literals);
  // strict off: the description uses OpenAPI-only keywords (example, discriminator, x-*); nullable is built in.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  loaded = { doc, routes, ajv, registered: new Set(), validators: new Map() };
  return loaded;
}

/** The description without what validation never reads: the same paths, operations and schemas. */
function readDescription(): Loaded['doc'] {
  const require = createRequire(import.meta.url);
  const { version } = require('@octokit/openapi/package.json') as { version: string };
  // Named after the package version and the keywords left out, so a change to either makes a new entry.
  const name = `openapi-${version}-without-${[...ANNOTATIONS].sort().join('-')}.json`;
  const cached = readCached(name);
  if (cached !== undefined) return JSON.parse(cached) as Loaded['doc'];
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const full = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const doc = { paths: withoutAnnotations(full.paths), components: withoutAnnotations(full.components) };
  writeCached(name, JSON.stringify(doc));
  return doc as Loaded['doc'];
}

/** Keywords that only document (JSON Schema and OpenAPI annotations, GitHub's extensions). */
const ANNOTATIONS = new Set(['description', 'summary', 'example', 'examples', 'x-github', 'tags']);

function withoutAnnotations(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` the keys are property names ("description" of a label), never annotations.
    if (!isPropertyMap && ANNOTATIONS.has(key)) continue;
    out[key] = withoutAnnotations(value, !isPropertyMap && key === 'properties');
  }
  return out;
}

function operation(template: string, method: string): Operation | undefined {
  return load().doc.paths[template]?.[method.toLowerCase()];
}

/** The OpenAPI operation a request hits, or undefined when GitHub has no such route. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const { routes } = load();
  const segments = path.split('?')[0].split('/');
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((seg, i) => {
      if (!seg.startsWith('{')) return seg === segments[i];
      if (segments[i] === '') return false;
      params[seg.slice(1, -1)] = safeDecode(segments[i]);
      return true;
    });
    if (!ok) continue;
    const op = operation(route.template, method);
    if (op) return { template: route.template, operationId: op.operationId, params };
  }
  return undefined;
}

/** GitHub's documentation page for an operation (what its error bodies carry as documentation_url). */
export function documentationUrl(template: string, method: string): string {
  return operation(template, method)?.externalDocs?.url ?? 'https://docs.github.com/rest';
}

/** Errors of a request body (parsed JSON, or undefined when none was sent) against the operation. */
export function checkRequestBody(template: string, method: string, body: unknown): string[] {
  const op = operation(template, method);
  const where = `${method.toUpperCase()} ${template}`;
  if (!op) return [`${where}: no such operation in the OpenAPI description`];
  if (!op.requestBody) return body === undefined ? [] : [`${where}: takes no request body`];
  const requestBody = resolve(op.requestBody);
  if (body === undefined) return requestBody.required ? [`${where}: request body is required`] : [];
  const schema = jsonSchema(requestBody.content as Json | undefined);
  if (!schema) return [`${where}: request body has no JSON schema`];
  return validate(`${where} request`, schema, body);
}

/**
 * Errors of a request's query string against the operation's documented query parameters: an unknown name,
 * or a value that is not of the parameter's type (integer, enum, date-time).
 */
export function checkQuery(template: string, method: string, query: URLSearchParams): string[] {
  const op = operation(template, method);
  const where = `${method.toUpperCase()} ${template}`;
  if (!op) return [`${where}: no such operation in the OpenAPI description`];
  const documented = new Map<string, Json>();
  for (const parameter of (op.parameters ?? []).map(resolve)) {
    if (parameter.in === 'query' && typeof parameter.name === 'string')
      documented.set(parameter.name, (parameter.schema ?? {}) as Json);
  }
  const problems: string[] = [];
  for (const [name, value] of query) {
    const schema = documented.get(name);
    if (schema === undefined) {
      problems.push(`${where}: query parameter ${name} is not documented`);
      continue;
    }
    const values = schema.enum as unknown[] | undefined;
    const wrong =
      (schema.type === 'integer' && !/^-?\d+$/.test(value)) ||
      (values !== undefined && !values.includes(value)) ||
      (schema.format === 'date-time' && !DATE_TIME.test(value));
    if (wrong)
      problems.push(`${where}: query parameter ${name}=${value} is not a valid ${String(schema.type)}`);
  }
  return problems;
}

/** RFC 3339 date-time, as GitHub documents it for `since` (YYYY-MM-DDTHH:MM:SSZ). */
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Errors of a response (status and parsed JSON body, undefined when empty) against the operation. */
export function checkResponse(template: string, method: string, status: number, body: unknown): string[] {
  const op = operation(template, method);
  const where = `${method.toUpperCase()} ${template} ${status}`;
  if (!op) return [`${where}: no such operation in the OpenAPI description`];
  const documented =
    op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
  if (!documented) {
    if (!GENERIC_ERROR_STATUSES.has(status)) return [`${where}: status not documented for ${op.operationId}`];
    if (typeof (body as Json | undefined)?.message !== 'string')
      return [`${where}: error body has no message`];
    return validate(`${where} error`, { $ref: '#/components/schemas/basic-error' }, body);
  }
  const schema = jsonSchema(resolve(documented).content as Json | undefined);
  if (!schema) return body === undefined ? [] : [`${where}: documented without a body, but one was sent`];
  if (body === undefined) return [`${where}: documented with a body, but none was sent`];
  return validate(`${where} response`, schema, body);
}

/** Follows a `#/components/...` reference (responses, request bodies, parameters). */
function resolve(node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const [, , kind, name] = ref.split('/');
  return resolve(load().doc.components[kind][name]);
}

function jsonSchema(content: Json | undefined): Json | undefined {
  if (!content) return undefined;
  const type = Object.keys(content).find((t) => t.includes('json'));
  return type ? ((content[type] as Json).schema as Json | undefined) : undefined;
}

function validate(label: string, schema: Json, value: unknown): string[] {
  const { ajv, validators } = load();
  const key = JSON.stringify(schema);
  let validator = validators.get(key);
  if (!validator) {
    validator = ajv.compile(absolutise(schema) as Json);
    validators.set(key, validator);
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map(
    (e) => `${label} body${e.instancePath || ''} ${e.message ?? 'is invalid'}`,
  );
}

/**
 * Copies a schema with every `#/components/schemas/X` reference made absolute, registering each referenced
 * component (itself absolutised) with Ajv on first use.
 */
function absolutise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absolutise);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      register(value.slice('#/components/schemas/'.length));
      out.$ref = `${SCHEMA_BASE}/schemas/${value.slice('#/components/schemas/'.length)}`;
    } else {
      out[key] = absolutise(value);
    }
  }
  // OpenAPI 3.0's `nullable` as Ajv reads it: an enum must list null (issue state_reason), and a schema
  // without `type` (issue milestone, title: `oneOf`) cannot carry it at all.
  const values = out.enum as unknown[] | undefined;
  if (out.nullable === true && values !== undefined && !values.includes(null)) out.enum = [...values, null];
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function register(name: string): void {
  const { ajv, registered, doc } = load();
  if (registered.has(name)) return;
  registered.add(name); // before recursing: component schemas can be recursive
  const schema = absolutise(doc.components.schemas[name]) as Json;
  ajv.addSchema({ ...schema, $id: `${SCHEMA_BASE}/schemas/${name}` });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
