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

// An ESM import of a Node built-in builds a facade that reads every export once: importing node:process creates
// stdin, stdout and stderr, and node:fs loads fs/promises. Through require(), a built-in is used as it is, and
// esbuild turns named imports into property reads, so nothing is created before it is used.
const builtinNames = new Set(builtinModules);
const builtinsThroughRequire = {
	name: 'builtins-through-require',
	setup(builder) {
		builder.onResolve({filter: /^[a-z_:/]+$/}, arguments_ => {
			const name = arguments_.path.replace(/^node:/, '');
			// A dynamic import() must keep its named exports, which only the built-in's own ESM facade has.
			if (!builtinNames.has(name) || arguments_.kind === 'dynamic-import') {
				return undefined;
			}

			return arguments_.namespace === 'builtin' ? {path: `node:${name}`, external: true} : {path: name, namespace: 'builtin'};
		});
		builder.onLoad({filter: /.*/, namespace: 'builtin'}, arguments_ => ({contents: `module.exports = require(${JSON.stringify(`node:${arguments_.path}`)});`, loader: 'js'}));
	},
};

// Some CommonJS dependencies call require() for Node built-ins, which ESM output lacks.
export const requireBanner = "import {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);";

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	jsx: 'automatic',
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [stubDevtools, builtinsThroughRequire],
	banner: {js: requireBanner},
	logLevel: 'warning',
};
