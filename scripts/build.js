// Bundles cli.tsx into one minified ESM entry, so start-up reads one small file instead of hundreds. What only one
// path needs (Ink and React for the app, conf for writing profiles, the HTTP client for proxies) sits in chunks that
// path imports when it runs: a cached --print never parses them.
import {chmodSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {build} from 'esbuild';
import {bundleOptions, requireBanner} from './bundle-options.js';

// Chunk names carry content hashes, so chunks of an earlier build would pile up.
rmSync('dist', {recursive: true, force: true});
const {outputFiles} = await build({
	...bundleOptions,
	banner: undefined,
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	write: false,
});

// Only the few chunks that call require() get one: making it costs time on every start, in every chunk.
const shebang = '#!/usr/bin/env node\n';
for (const {path, text} of outputFiles) {
	const hasShebang = text.startsWith(shebang);
	const body = hasShebang ? text.slice(shebang.length) : text;
	const needsRequire = /(?<![\w$.])require(?![\w$])/.test(body);
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, `${hasShebang ? shebang : ''}${needsRequire ? `${requireBanner}\n` : ''}${body}`);
	if (hasShebang) {
		chmodSync(path, 0o755);
	}
}
