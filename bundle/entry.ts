// The bundle's entry (`npm run package`): src/index.ts, built with bundle/tsconfig.json, which ncc finds
// beside this file. That config lets ncc transpile each file on its own (ES modules, no type check), which
// takes half the time of a type-checked build; `npm run typecheck` checks the types.
import '../src/index.js';
