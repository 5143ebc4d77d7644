// WrappedText: a row that Ink wrapped never starts with the space it broke at, whatever the width and the styles inside.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Box, Text} from 'ink';
import {WrappedText} from '../../source/ui/wrapped-text.js';
import {renderFrame} from '../helpers/ink.js';

const sentence = 'A browser sends it unencoded, so a "+" in it is read as a space and fails there.';

function rowsAt(width: number, element: React.JSX.Element): string[] {
	return renderFrame(<Box width={width}>{element}</Box>).split('\n');
}

describe('WrappedText', () => {
	it('drops the space Ink keeps when a word ends exactly at the edge, where plain Text keeps it', () => {
		// "A browser sends it" is 18 columns: at 18 the space after "it" would start the next row.
		assert.deepEqual(rowsAt(18, <Text>{sentence}</Text>).slice(0, 2), ['A browser sends it', ' unencoded, so a'], 'plain Text, for contrast');
		assert.deepEqual(rowsAt(18, <WrappedText>{sentence}</WrappedText>).slice(0, 2), ['A browser sends it', 'unencoded, so a']);
	});

	it('starts no row with a space at any width, with styled words inside', () => {
		for (let width = 8; width <= 60; width++) {
			for (const element of [
				<WrappedText key="plain">{sentence}</WrappedText>,
				<WrappedText key="styled" color="green" bold>
					<Text color="cyan">✓ Part 2 of 3:</Text> Get the token: uaa-token sent the values, as browser steps 1-3 do.
				</WrappedText>,
			]) {
				const rows = rowsAt(width, element);
				assert.deepEqual(
					rows.filter(row => row.startsWith(' ')),
					[],
					`${width} columns:\n${rows.join('\n')}`,
				);
				assert.ok(rows.every(row => row.length <= width), `${width} columns:\n${rows.join('\n')}`);
			}
		}
	});

	it('keeps every word, in order', () => {
		for (let width = 10; width <= 40; width++) {
			assert.equal(rowsAt(width, <WrappedText>{sentence}</WrappedText>).map(row => row.trim()).join(' '), sentence, `${width} columns`);
		}
	});
});

describe('WrappedText scrolled', () => {
	it('drops the carried space also on the first row a scrolled, clipped window shows', () => {
		// As ScrollView clips: Ink numbers the rows handed to a transform from the first one visible.
		for (let offset = 0; offset <= 3; offset++) {
			const rows = renderFrame(
				<Box width={18} height={2} overflow="hidden" flexDirection="column">
					<Box marginTop={-offset} flexShrink={0} flexDirection="column">
						<WrappedText>{sentence}</WrappedText>
					</Box>
				</Box>,
			).split('\n');
			assert.deepEqual(
				rows.filter(row => row.startsWith(' ')),
				[],
				`scrolled by ${offset}:\n${rows.join('\n')}`,
			);
		}
	});
});
