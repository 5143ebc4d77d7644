// Bundles cli.tsx into one minified ESM entry, so start-up reads one small file instead of hundreds. What only one
// path needs (Ink and React for the app, conf for writing profiles, the HTTP client for proxies) sits in chunks that
// path imports when it runs: a cached --print never parses them.
import {rmSync} from 'node:fs';
import {build} from 'esbuild';
import {bundleOptions} from './bundle-options.js';

// Chunk names carry content hashes, so chunks of an earlier build would pile up.
rmSync('dist', {recursive: true, force: true});
await build({
	...bundleOptions,
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
});
