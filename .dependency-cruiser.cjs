// The layering of src/, checked by `npm test` (__tests__/unit/layering.test.ts) and `npm run layering`.
// Lowest first: domain <- issue <- settings <- ports <- protocol <- report; adapters beside the protocol
// (they implement ports, never call the protocol); the entries (index, main, cli, post) at the root wire it all.
// Type-only imports count: an interface lives in the layer that owns it.
const layer = (name) => `^src/${name}/`;
const ENTRY = '^src/[^/]+\\.ts$';

/** `from` may import nothing of src/ but itself and `allowed`. */
function only(from, allowed) {
  const within = [from, ...allowed].map((name) => name.replace(/\/$/, '')).join('|');
  return {
    name: `${from}-imports-only-${allowed.join('-') || 'itself'}`.replace(/[^a-z-]/g, '-'),
    comment: `src/${from}/ may import only ${allowed.length ? allowed.map((a) => `src/${a}/`).join(', ') : 'itself'}`,
    severity: 'error',
    from: { path: layer(from) },
    to: { path: '^src/', pathNot: `^src/(${within})/` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle, types included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-import-of-entries',
      comment: 'The entries import everything; nothing in a folder imports an entry.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: ENTRY },
    },
    only('domain', []),
    only('issue', ['domain']),
    only('settings', ['domain', 'issue']),
    only('ports', ['domain', 'issue', 'settings']),
    only('protocol', ['ports', 'settings', 'issue', 'domain']),
    only('report', ['protocol', 'settings', 'domain']),
    only('adapters', ['ports', 'settings', 'issue', 'domain']),
    {
      name: 'adapters-stay-apart',
      comment: 'Each adapter stands alone: github, openssl, local and tls share only ports and domain.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'src/ never imports the tests or their doubles.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(__tests__|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
