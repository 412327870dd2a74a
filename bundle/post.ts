// The post step's bundle entry (`npm run package` builds it beside bundle/entry.ts, into dist/post/).
import '../src/post.js';
