// The folders of source/ depend one way, from the entry down. A module may import from its own folder and from
// folders below it; an import upward, or sideways between two folders of one layer, is a defect this test names.

import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, relative, sep} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const sourceDirectory = fileURLToPath(new URL('../../source/', import.meta.url));

/** Top to bottom. Folders in one layer do not import each other. */
const layers: ReadonlyArray<readonly string[]> = [
	['cli'],
	['ui', 'script'],
	['presentation', 'clipboard', 'demo'],
	['core'],
	['profiles', 'service-key'],
	['files'],
	['oauth'],
	['errors'],
	['text'],
];

type Edge = {from: string; to: string; fromFile: string; toFile: string};

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const path = join(directory, entry.name);
		return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

function folderOf(path: string): string {
	const parts = relative(sourceDirectory, path).split(sep);
	return parts.length > 1 ? parts[0]! : `(source root: ${parts[0]})`;
}

/** Every relative import, static, dynamic or type-only, between two folders of source/. */
export function folderEdges(files: readonly string[], read: (path: string) => string): Edge[] {
	const edges: Edge[] = [];
	for (const file of files) {
		for (const match of read(file).matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
			const target = normalize(join(dirname(file), match[1]!));
			const from = folderOf(file);
			const to = folderOf(target);
			if (from !== to) {
				edges.push({from, to, fromFile: relative(sourceDirectory, file), toFile: relative(sourceDirectory, target)});
			}
		}
	}

	return edges;
}

/** A cycle among folders as a path (a → b → a), or undefined. */
export function folderCycle(edges: readonly Edge[]): string[] | undefined {
	const next = new Map<string, Set<string>>();
	for (const {from, to} of edges) {
		next.set(from, (next.get(from) ?? new Set()).add(to));
	}

	const state = new Map<string, 'open' | 'done'>();
	const path: string[] = [];
	const visit = (folder: string): string[] | undefined => {
		if (state.get(folder) === 'open') {
			return [...path.slice(path.indexOf(folder)), folder];
		}

		if (state.get(folder) === 'done') {
			return undefined;
		}

		state.set(folder, 'open');
		path.push(folder);
		for (const to of next.get(folder) ?? []) {
			const cycle = visit(to);
			if (cycle) {
				return cycle;
			}
		}

		path.pop();
		state.set(folder, 'done');
		return undefined;
	};

	for (const folder of next.keys()) {
		const cycle = visit(folder);
		if (cycle) {
			return cycle;
		}
	}

	return undefined;
}

const layerOf = (folder: string) => layers.findIndex(layer => layer.includes(folder));

describe('the folders of source/', () => {
	const files = sourceFiles(sourceDirectory);
	const edges = folderEdges(files, path => readFileSync(path, 'utf8'));

	it('every module sits in a folder of a known layer', () => {
		const unplaced = [...new Set(files.map(file => folderOf(file)))].filter(folder => layerOf(folder) === -1);
		assert.deepEqual(unplaced, [], 'a new folder needs its place in the layers of this test');
	});

	it('import no folder in a cycle', () => {
		assert.equal(folderCycle(edges)?.join(' → '), undefined);
	});

	it('import only from layers below their own', () => {
		const upward = edges.filter(edge => layerOf(edge.to) <= layerOf(edge.from)).map(edge => `${edge.fromFile} → ${edge.toFile}`);
		assert.deepEqual(upward, []);
	});

	it('the check finds a cycle when there is one, and names it', () => {
		const planted = [
			{from: 'oauth', to: 'errors', fromFile: 'oauth/token-client.ts', toFile: 'errors/failure.ts'},
			{from: 'errors', to: 'presentation', fromFile: 'errors/failure.ts', toFile: 'presentation/time.ts'},
			{from: 'presentation', to: 'oauth', fromFile: 'presentation/time.ts', toFile: 'oauth/uaa-url.ts'},
		];
		assert.deepEqual(folderCycle(planted), ['oauth', 'errors', 'presentation', 'oauth']);
		assert.equal(folderCycle(planted.slice(0, 2)), undefined);
	});

	it('the walk sees static, dynamic and type-only imports', () => {
		const text = `import type {A} from '../oauth/a.js';\nconst b = await import('../profiles/b.js');\nimport {c} from './c.js';`;
		const found = folderEdges([join(sourceDirectory, 'core', 'x.ts')], () => text).map(edge => edge.to);
		assert.deepEqual(found, ['oauth', 'profiles']);
	});
});
