// Reading the files uaa-token keeps: whole, whatever size fstat gave, and never past the bound.
import assert from 'node:assert/strict';
import {closeSync, mkdtempSync, openSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {readOwnRegularFile, readUpTo} from '../../source/files/safe-files.js';

describe('reading a kept file', () => {
	const directory = mkdtempSync(join(tmpdir(), 'uaa-token-safe-files-'));
	after(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	function fileWith(name: string, text: string): string {
		const path = join(directory, name);
		writeFileSync(path, text, {mode: 0o600});
		return path;
	}

	it('reads files of every size up to the bound whole, and refuses one past it', () => {
		for (const size of [0, 1, 1000, 4096, 70_000]) {
			const text = 'é'.repeat(size / 2) + 'x'.repeat(size % 2);
			const read = readOwnRegularFile(fileWith(`size-${size}`, text), 70_000);
			assert.equal(read.kind === 'text' ? read.text : read.kind, text, `a file of ${size} bytes`);
		}

		const tooLarge = readOwnRegularFile(fileWith('too-large', 'x'.repeat(70_001)), 70_000);
		assert.equal(tooLarge.kind, 'refused');
	});

	it('reads a file that grew since its size was taken whole, and refuses it once it grew past the bound', () => {
		const path = fileWith('grown', 'y'.repeat(5000));
		const fd = openSync(path, 'r');
		try {
			// As if fstat had said 10 bytes: the file was appended to between the fstat and the read.
			assert.equal(readUpTo(fd, 1024 * 1024, 10), 'y'.repeat(5000));
		} finally {
			closeSync(fd);
		}

		const grownPast = openSync(path, 'r');
		try {
			assert.equal(readUpTo(grownPast, 4999, 10), undefined);
		} finally {
			closeSync(grownPast);
		}
	});
});
