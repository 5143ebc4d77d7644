// The esbuild settings uaa-token ships with, shared by the build and by the benchmark's reference Ink app,
// so both are bundled the same way and compared fairly.

import {builtinModules} from 'node:module';

// Ink loads React DevTools only when DEV=true. It is not shipped, and bundling its import would make
// every start fail to resolve it, so Ink's devtools module becomes an empty one.
const stubDevtools = {
	name: 'stub-ink-devtools',
	setup(builder) {
		builder.onResolve({filter: /^\.\/devtools\.js$/}, arguments_ =>
			arguments_.importer.includes('/ink/') ? {path: 'ink-devtools', namespace: 'stub'} : undefined,
		);
		builder.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export {};', loader: 'js'}));
	},
};

// conf imports ajv (130 kB with its formats) at the top, but uses it only when given a schema, and uaa-token gives
// none (profiles are checked by profile-file.ts). Stand-ins keep it out of the bundle, and say so if ever reached.
const trimConf = {
	name: 'trim-conf',
	setup(builder) {
		builder.onResolve({filter: /^ajv(?:-formats)?(?:\/|$)/}, arguments_ =>
			arguments_.importer.includes('/conf/') ? {path: arguments_.path, namespace: 'no-schema'} : undefined,
		);
		// node:crypto takes about 9 ms to load, and conf imports it only for an encryption uaa-token does not use: it
		// loads on first use instead. conf only calls functions of it, which never rely on \`this\`.
		builder.onResolve({filter: /^(?:node:)?crypto$/}, arguments_ => (arguments_.importer.includes('/conf/') ? {path: 'crypto', namespace: 'lazy-crypto'} : undefined));
		builder.onLoad({filter: /.*/, namespace: 'lazy-crypto'}, () => ({
			contents: `let loaded;
const load = () => (loaded ??= require('node:crypto'));
export default new Proxy({}, {get: (_, key) => load()[key]});`,
			loader: 'js',
		}));
		builder.onLoad({filter: /.*/, namespace: 'no-schema'}, () => ({
			contents: `const unavailable = () => { throw new Error('conf was given a schema, but uaa-token bundles no schema validator.'); };
export class Ajv2020 { constructor() { unavailable(); } }
export default {default: unavailable};`,
			loader: 'js',
		}));
	},
};

// proper-lockfile (the refresh lock, loaded when a profile needs a new token) brings graceful-fs, which loads
// node:stream, node:assert and node:util and patches fs.close, and signal-exit 3, which loads node:assert for one
// check of its argument. Together they cost the refresh path about 11 ms of the 30 it may add to node + curl
// (require of the bundled lock, median of 5 warm runs). A short-lived CLI holding one lock needs neither
// graceful-fs's retries on EMFILE nor assert's messages: proper-lockfile gets node:fs, and signal-exit a one-line check.
const trimLockfile = {
	name: 'trim-proper-lockfile',
	setup(builder) {
		builder.onResolve({filter: /^graceful-fs$/}, arguments_ =>
			arguments_.importer.includes('/proper-lockfile/') ? {path: 'graceful-fs', namespace: 'plain-fs'} : undefined,
		);
		builder.onLoad({filter: /.*/, namespace: 'plain-fs'}, () => ({contents: 'module.exports = require("node:fs");', loader: 'js'}));
		builder.onResolve({filter: /^assert$/}, arguments_ =>
			arguments_.importer.includes('/proper-lockfile/node_modules/signal-exit/') ? {path: 'assert', namespace: 'plain-assert'} : undefined,
		);
		builder.onLoad({filter: /.*/, namespace: 'plain-assert'}, () => ({
			contents: 'module.exports = {equal(actual, expected, message) { if (actual != expected) throw new TypeError(message); }};',
			loader: 'js',
		}));
	},
};

/** The plugins every bundle of uaa-token's own code uses. */
export const sourcePlugins = [stubDevtools, trimConf, trimLockfile];

// An ESM import of a Node built-in builds a facade that reads every export once: importing node:process creates
// stdin, stdout and stderr, and node:fs loads fs/promises. Through require(), a built-in is used as it is, and
// esbuild turns named imports into property reads, so nothing is created before it is used.
const builtinNames = new Set(builtinModules);



/** In ES module output, an import() must keep the built-in's own named exports, so those stay ES imports there. */
export function builtinsThroughRequire({includingDynamicImports}) {
	return {
		name: 'builtins-through-require',
		setup(builder) {
			builder.onResolve({filter: /^[a-z_:/]+$/}, arguments_ => {
				const name = arguments_.path.replace(/^node:/, '');
				if (!builtinNames.has(name) || (arguments_.kind === 'dynamic-import' && !includingDynamicImports)) {
					return undefined;
				}

				return arguments_.namespace === 'builtin' ? {path: `node:${name}`, external: true} : {path: name, namespace: 'builtin'};
			});
			builder.onLoad({filter: /.*/, namespace: 'builtin'}, arguments_ => {
				const specifier = JSON.stringify(`node:${arguments_.path}`);
				return {contents: `module.exports = require(${specifier});`, loader: 'js'};
			});
		},
	};
}

// Some CommonJS dependencies call require() for Node built-ins, which ESM output lacks.
export const requireBanner = "import {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);";

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
	bundle: true,
	platform: 'node',
	// Native code, installed for the platform: required from node_modules at run time, never bundled.
	external: ['@napi-rs/keyring'],
	format: 'esm',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	jsx: 'automatic',
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [...sourcePlugins, builtinsThroughRequire({includingDynamicImports: false})],
	banner: {js: requireBanner},
	logLevel: 'warning',
};
