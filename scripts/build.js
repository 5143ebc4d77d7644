// Bundles uaa-token into dist/ so that each path loads only its own code, in the module system that loads it fastest:
//
// - dist/cli.js: the entry and the scripted path (--print, --json, profiles) as one CommonJS file. Node's CommonJS
//   loader is synchronous; its ES module loader costs a cached --print about 15 ms more than the rest of the run.
// - dist/lazy/*.js: what some scripted runs need and most never load: conf for writing profiles, undici for proxies
//   and client certificates, node:crypto for X.509 keys. Each is a CommonJS file of its own, required when used.
// - dist/app/*.mjs: the Ink app, as ES modules in chunks (Ink's layout engine loads with top-level await).
import {chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {build} from 'esbuild';
import {builtinsThroughRequire, bundleOptions, requireBanner, sourcePlugins} from './bundle-options.js';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');

// Source modules the scripted path imports dynamically, and the files they become.
const lazyModules = {
	'source/oauth/transport.ts': 'lazy/transport.js',
	'source/profiles/open-profile-store.ts': 'lazy/open-profile-store.js',
	'source/profiles/refresh-lock.ts': 'lazy/refresh-lock.js',
	'source/oauth/verify-token.ts': 'lazy/verify-token.js',
	'source/service-key/certificate-info.ts': 'lazy/certificate-info.js',
	'source/oauth/browser-sign-in.ts': 'lazy/browser-sign-in.js',
	'source/oauth/open-browser.ts': 'lazy/open-browser.js',
};
const appEntry = 'source/ui/run-interactive.tsx';

/**
 * In the CommonJS bundle, import() of a lazy module becomes require() of its own file, loaded only when reached;
 * import() of the app stays import(), as the app is ES modules.
 */
const splitLazyModules = {
	name: 'split-lazy-modules',
	setup(builder) {
		builder.onResolve({filter: /^\./}, async arguments_ => {
			if (arguments_.kind !== 'dynamic-import' || arguments_.namespace !== 'file') {
				return undefined;
			}

			const source = relative(root, resolve(arguments_.resolveDir, arguments_.path)).replace(/\.js$/, '');
			if (`${source}.tsx` === appEntry) {
				return {path: './app/run-interactive.mjs', external: true};
			}

			const file = lazyModules[`${source}.ts`];
			return file === undefined ? undefined : {path: file, namespace: 'lazy-module'};
		});
		builder.onLoad({filter: /.*/, namespace: 'lazy-module'}, arguments_ => ({
			contents: `module.exports = require(${JSON.stringify(`./${arguments_.path}`)});`,
			loader: 'js',
		}));
		builder.onResolve({filter: /^\.\/lazy\//}, arguments_ => (arguments_.namespace === 'lazy-module' ? {path: arguments_.path, external: true} : undefined));
	},
};

// In CommonJS output import.meta is empty; the one use (keychain.ts) is reached only where require is missing.
const commonJs = {...bundleOptions, metafile: true, logOverride: {'empty-import-meta': 'silent'}, format: 'cjs', banner: undefined, plugins: [...sourcePlugins, builtinsThroughRequire({includingDynamicImports: true})]};

/** Writes outputs, giving only the ES modules that call require() a createRequire: making one costs time on every start. */
function writeOutputs(outputFiles, {isEsm}) {
	const shebang = '#!/usr/bin/env node\n';
	for (const {path, text} of outputFiles) {
		const hasShebang = text.startsWith(shebang);
		const body = hasShebang ? text.slice(shebang.length) : text;
		const needsRequire = isEsm && /(?<![\w$.])require(?![\w$])/.test(body);
		mkdirSync(dirname(path), {recursive: true});
		writeFileSync(path, `${hasShebang ? shebang : ''}${needsRequire ? `${requireBanner}\n` : ''}${body}`);
		if (hasShebang) {
			chmodSync(path, 0o755);
		}
	}
}

rmSync(dist, {recursive: true, force: true});
mkdirSync(dist, {recursive: true});
// The project is "type": "module"; inside dist, .js files are CommonJS and the app's files say .mjs.
writeFileSync(join(dist, 'package.json'), '{"type": "commonjs"}\n');

const [entry, lazy, app] = await Promise.all([
	build({...commonJs, entryPoints: {cli: 'cli.tsx'}, outdir: dist, plugins: [splitLazyModules, ...commonJs.plugins], write: false}),
	build({...commonJs, entryPoints: Object.fromEntries(Object.entries(lazyModules).map(([source, file]) => [file.replace(/\.js$/, ''), source])), outdir: dist, write: false}),
	build({
		...bundleOptions,
		banner: undefined,
		entryPoints: {'run-interactive': appEntry},
		outdir: join(dist, 'app'),
		outExtension: {'.js': '.mjs'},
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		metafile: true,
		write: false,
	}),
]);
writeOutputs(entry.outputFiles, {isEsm: false});
writeOutputs(lazy.outputFiles, {isEsm: false});
writeOutputs(app.outputFiles, {isEsm: true});

// clipboardy runs a binary of its own where the system has no clipboard tool (xsel on Linux, always on Windows), found
// next to its code as ../fallbacks/: the app's chunks are in dist/app/chunks, so the binaries go to dist/app/fallbacks.
cpSync(join(root, 'node_modules', 'clipboardy', 'fallbacks'), join(dist, 'app', 'fallbacks'), {recursive: true});

/**
 * The bundles hold code of the packages below, whose licenses (MIT, ISC, BSD, Apache-2.0) ask that their notices go
 * along with copies: each package bundled, with its license text, as esbuild's metafiles list them.
 */
function writeThirdPartyLicenses(metafiles) {
	const packageRoots = new Set();
	for (const metafile of metafiles) {
		for (const input of Object.keys(metafile.inputs)) {
			const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
			if (match) {
				packageRoots.add(match[1]);
			}
		}
	}

	const sections = [...packageRoots]
		.map(packageRoot => {
			const {name, version, license} = JSON.parse(readFileSync(join(root, packageRoot, 'package.json'), 'utf8'));
			const licenseFile = readdirSync(join(root, packageRoot)).find(file => /^(?:licen[cs]e|copying)(?:\.|$)/i.test(file));
			const text = licenseFile === undefined ? `License: ${license} (the package ships no license file).` : readFileSync(join(root, packageRoot, licenseFile), 'utf8').trim();
			return {name, section: `## ${name} ${version} (${license})\n\n${text}\n`};
		})
		.sort((a, b) => a.name.localeCompare(b.name))
		.filter((entry, index, all) => index === 0 || all[index - 1].section !== entry.section);
	writeFileSync(join(dist, 'THIRD-PARTY-LICENSES.md'), `# Third-party code bundled in uaa-token's dist/\n\n${sections.map(entry => entry.section).join('\n')}`);
}

writeThirdPartyLicenses([entry.metafile, lazy.metafile, app.metafile]);
if (!existsSync(join(dist, 'THIRD-PARTY-LICENSES.md'))) {
	throw new Error('The third-party licenses were not written.');
}
