// Bundles cli.tsx into one minified ESM file, so start-up reads one file instead of hundreds.
import {build} from 'esbuild';

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

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	jsx: 'automatic',
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [stubDevtools],
	// Some CommonJS dependencies call require() for Node built-ins, which ESM output lacks.
	banner: {js: "import {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);"},
	logLevel: 'warning',
});
