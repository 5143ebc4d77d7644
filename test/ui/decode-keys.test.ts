// What the key decoder makes of what a terminal sends, fed through Ink's own input parser as the app receives it.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {createKeyDecoder, isKey, type Keypress, textOf} from '../../source/ui/keys/decode-keys.js';
// keypressesOf feeds reads through Ink's own input parser, then the decoder, as the app receives them.
import {keyBytesArb, keypressesOf, realSecretLike, serviceKeyText} from '../helpers/fuzz-arbitraries.js';

/** Each argument is one read, all arriving together: Ink parses them as one stream. */
function decodeReads(...reads: string[]): Keypress[] {
	return keypressesOf(reads);
}

/** Reads a turn of the event loop apart: Ink flushes an unfinished escape sequence at the end of each as what it is. */
function decodeSlowReads(...reads: string[]): Keypress[] {
	return keypressesOf(reads, {isSlow: true});
}

/** A compact spelling of keypresses: text as itself in quotes, keys as C-x, M-x, S-x. */
function spelling(keypress: Keypress): string {
	if (keypress.kind === 'text') {
		return `${keypress.isPaste ? 'paste' : 'text'}:${JSON.stringify(keypress.text)}`;
	}

	return `${keypress.ctrl ? 'C-' : ''}${keypress.meta ? 'M-' : ''}${keypress.shift ? 'S-' : ''}${keypress.name}`;
}

function spell(...reads: string[]): string[] {
	return decodeSlowReads(...reads).map(keypress => spelling(keypress));
}

const service = {url: 'https://sub.authentication.eu10.hana.ondemand.com', clientid: 'sb-app!t1', clientsecret: realSecretLike};

describe('createKeyDecoder', () => {
	describe('bursts: every key of one read is a key of its own, in order', () => {
		it('splits typed text from the Enter that followed it in the same read', () => {
			assert.deepEqual(spell('sub1\r'), ['text:"sub1"', 'return']);
		});

		it('keeps a Tab and an Enter sent together', () => {
			assert.deepEqual(spell('\t\r'), ['tab', 'return']);
			assert.deepEqual(spell('a\tb\rc'), ['text:"a"', 'tab', 'text:"b"', 'return', 'text:"c"']);
		});

		it('reads Esc then Enter in one read as Esc and Enter, not Alt+Enter', () => {
			assert.deepEqual(spell('\u001B\r'), ['escape', 'return']);
		});

		it('reads Esc then a letter without an Alt binding as Esc and the letter', () => {
			assert.deepEqual(spell('\u001Bq'), ['escape', 'text:"q"']);
			assert.deepEqual(spell('\u001Bx'), ['escape', 'text:"x"']);
		});

		it('reads Esc then an arrow in one read as Esc and the arrow', () => {
			assert.deepEqual(spell('\u001B\u001B[A'), ['escape', 'up']);
			assert.deepEqual(spell('\u001B\u001B[B'), ['escape', 'down']);
		});

		it('reads Esc then a bracketed paste in one read as Esc and the paste', () => {
			assert.deepEqual(spell('\u001B\u001B[200~https://x.test\n\u001B[201~'), ['escape', 'paste:"https://x.test\\n"']);
		});

		it('reads a lone Esc as Esc', () => {
			assert.deepEqual(spell('\u001B'), ['escape']);
			assert.deepEqual(spell('\u001B', '\u001B'), ['escape', 'escape']);
		});

		it('keeps the order of text, arrows, Enter and Esc mixed in one read', () => {
			assert.deepEqual(spell('sub1\u001B[B\r'), ['text:"sub1"', 'down', 'return']);
			assert.deepEqual(spell('ab\u001B[D\u001B[Dc\u007F\r\u001B'), ['text:"ab"', 'left', 'left', 'text:"c"', 'backspace', 'return', 'escape']);
		});

		it('gives the same keys for a sequence sent key by key and in one read', () => {
			const oneByOne = ['h', 't', '\u001B[D', '\u0001', '\u000B', '\u007F', '\u001B[3~', '\u001B\u007F', '\u001Bb', '\t', '\r', 'é'];
			const joined = (keypresses: Keypress[]) => keypresses.flatMap(keypress => (keypress.kind === 'text' ? [...keypress.text].map(character => `text:${character}`) : [spelling(keypress)]));
			assert.deepEqual(joined(decodeSlowReads(...oneByOne)), joined(decodeReads(oneByOne.join(''))));
		});
	});

	describe('arrows and navigation keys', () => {
		it('reads arrows in CSI and in SS3 (application cursor mode)', () => {
			assert.deepEqual(spell('\u001B[A', '\u001B[B', '\u001B[C', '\u001B[D'), ['up', 'down', 'right', 'left']);
			assert.deepEqual(spell('\u001BOA', '\u001BOB', '\u001BOC', '\u001BOD'), ['up', 'down', 'right', 'left']);
		});

		it('reads Home and End in each encoding terminals use', () => {
			assert.deepEqual(spell('\u001B[H', '\u001BOH', '\u001B[1~', '\u001B[7~'), ['home', 'home', 'home', 'home']);
			assert.deepEqual(spell('\u001B[F', '\u001BOF', '\u001B[4~', '\u001B[8~'), ['end', 'end', 'end', 'end']);
		});

		it('reads Delete, PgUp and PgDn', () => {
			assert.deepEqual(spell('\u001B[3~', '\u001B[5~', '\u001B[6~'), ['delete', 'pageup', 'pagedown']);
		});

		it('reads Shift+Tab as a shifted Tab', () => {
			assert.deepEqual(spell('\u001B[Z'), ['S-tab']);
		});
	});

	describe('modifiers', () => {
		it("reads xterm's modifier parameter: Shift, Alt and Ctrl on arrows", () => {
			assert.deepEqual(spell('\u001B[1;2C', '\u001B[1;3D', '\u001B[1;5C', '\u001B[1;5D', '\u001B[1;8A'), ['S-right', 'M-left', 'C-right', 'C-left', 'C-M-S-up']);
		});

		it('reads modifiers on tilde keys', () => {
			assert.deepEqual(spell('\u001B[3;5~', '\u001B[5;3~'), ['C-delete', 'M-pageup']);
		});

		it('reads Ctrl with a letter from its control byte', () => {
			assert.deepEqual(spell('\u0001', '\u0005', '\u0015', '\u000B', '\u0017', '\u0002', '\u0006', '\u0004'), ['C-a', 'C-e', 'C-u', 'C-k', 'C-w', 'C-b', 'C-f', 'C-d']);
			assert.deepEqual(spell('\u0003'), ['C-c']);
		});

		it('reads Backspace from both bytes terminals send for it, and Enter from CR and LF', () => {
			assert.deepEqual(spell('\u007F', '\b'), ['backspace', 'backspace']);
			assert.deepEqual(spell('\r', '\n'), ['return', 'return']);
		});

		it('reads Alt with the keys that have an Alt binding as Alt', () => {
			assert.deepEqual(spell('\u001B\u007F', '\u001Bb', '\u001Bf', '\u001Bd'), ['M-backspace', 'M-b', 'M-f', 'M-d']);
			assert.deepEqual(spell('\u001B\u001B[D', '\u001B\u001B[C'), ['M-left', 'M-right']);
		});

		it('never turns a Ctrl or Alt key into text', () => {
			for (const sequence of ['\u0001', '\u0017', '\u001B\u007F', '\u001Bb', '\u001B[1;5D', '\u001B[1;3C', '\u001B[3;5~']) {
				const keypresses = decodeReads(sequence);
				assert.ok(
					keypresses.every(keypress => keypress.kind === 'key'),
					`${JSON.stringify(sequence)} gave ${keypresses.map(keypress => spelling(keypress)).join(' ')}`,
				);
				assert.equal(keypresses.map(keypress => textOf(keypress)).join(''), '');
			}
		});

		it('matches keys by name and exact modifiers with isKey', () => {
			const [altBackspace] = decodeReads('\u001B\u007F');
			assert.ok(altBackspace && isKey(altBackspace, 'backspace', {meta: true}));
			assert.ok(!isKey(altBackspace, 'backspace'), 'Alt+Backspace is not Backspace');
			const [ctrlW] = decodeReads('\u0017');
			assert.ok(ctrlW && isKey(ctrlW, 'w', {ctrl: true}));
		});
	});

	describe('text', () => {
		it('keeps characters outside the BMP and combining marks whole', () => {
			assert.deepEqual(spell('🔑é\u0301'), ['text:"🔑é\u0301"']);
		});

		it('drops C1 control characters from typed text', () => {
			assert.deepEqual(spell('a\u0085b'), ['text:"ab"']);
		});
	});

	describe('bracketed paste', () => {
		it('reads a bracketed paste as one piece of text, line breaks and Tabs included', () => {
			assert.deepEqual(spell('\u001B[200~line 1\r\nline\t2\u001B[201~'), ['paste:"line 1\\r\\nline\\t2"']);
		});

		it('joins a paste split across several reads', () => {
			assert.deepEqual(spell('\u001B[200~abc', 'def\r', 'ghi\u001B[201~'), ['paste:"abcdef\\rghi"']);
			assert.deepEqual(spell('\u001B[200~', 'x', '\u001B[201~'), ['paste:"x"']);
			assert.deepEqual(spell('\u001B[200~', '{"a":', '\n1}', '\u001B[201~', '\r'), ['paste:"{\\"a\\":\\n1}"', 'return']);
		});

		it('joins a paste whose markers are split between reads that come together', () => {
			assert.deepEqual(decodeReads('\u001B[20', '0~abc\u001B[2', '01~', 'x').map(keypress => spelling(keypress)), ['paste:"abc"', 'text:"x"']);
		});

		it('ends a paste whose end marker Ink flushed in two pieces, so the keys after it are keys again', () => {
			// A read that ends inside ESC[201~ is flushed by Ink a tick later as an event of its own (an SSH packet or a
			// pty read can end there); the rest of the marker comes as the next event.
			assert.deepEqual(spell('\u001B[200~abc\u001B[2', '01~', 'x', '\r'), ['paste:"abc"', 'text:"x"', 'return']);
		});

		it('ends a paste whose end marker was lost with what came of it, and reads what follows as keys again', () => {
			const decoder = createKeyDecoder();
			assert.deepEqual(decoder.decode('\u001B[200~'), []);
			assert.deepEqual(decoder.decode('abc\u001B[31m\u001B[2'), []);
			assert.equal(decoder.pasteState(), 'unfinished', 'waits for the end marker while the paste goes on');
			assert.deepEqual(decoder.endUnfinishedPaste().map(keypress => spelling(keypress)), ['paste:"abc"'], 'neither the colour nor the first part of an end marker is text');
			assert.equal(decoder.pasteState(), 'none');
			assert.deepEqual([...decoder.decode('\u001B'), ...decoder.decode('x')].map(keypress => spelling(keypress)), ['escape', 'text:"x"']);
			assert.deepEqual(decoder.endUnfinishedPaste(), [], 'with no paste begun there is nothing to end');
		});

		it('marks a paste with a Ctrl+C in it, which the app ends at once: the Ctrl+C and what followed it are keys', () => {
			for (const events of [
				['\u001B[200~', 'abc', '\u0003'],
				// Written apart but read together, the key comes in one run with the last of the paste.
				['\u001B[200~', 'abc\u0003'],
			]) {
				const decoder = createKeyDecoder();
				assert.deepEqual(events.flatMap(event => decoder.decode(event)), []);
				assert.equal(decoder.pasteState(), 'interrupted');
				assert.deepEqual(decoder.endUnfinishedPaste().map(keypress => spelling(keypress)), ['paste:"abc"', 'C-c']);
			}

			const typedOn = createKeyDecoder();
			typedOn.decode('\u001B[200~');
			typedOn.decode('\u0003q');
			assert.deepEqual(typedOn.endUnfinishedPaste().map(keypress => spelling(keypress)), ['C-c', 'text:"q"']);
			// Whose end marker comes in the same read, it was the paste's own text (a field drops it), not a key.
			assert.deepEqual(spell('\u001B[200~a\u0003b\u001B[201~'), [`paste:${JSON.stringify('a\u0003b')}`]);
		});

		it('reads keys after a paste in the same read as keys', () => {
			assert.deepEqual(spell('\u001B[200~abc\u001B[201~\r'), ['paste:"abc"', 'return']);
			assert.deepEqual(spell('x\u001B[200~abc\u001B[201~\u001B[D\r'), ['text:"x"', 'paste:"abc"', 'left', 'return']);
		});

		it('drops escape sequences inside a paste instead of acting on them', () => {
			assert.deepEqual(spell('\u001B[200~a\u001B[31mb\u001B[2Jc\u001B[201~'), ['paste:"abc"']);
		});

		it('reads an empty paste as empty text, with no key', () => {
			const keypresses = decodeReads('\u001B[200~\u001B[201~');
			assert.ok(keypresses.every(keypress => keypress.kind === 'text' && keypress.text === ''));
		});

		it('keeps a whole service key pasted in brackets, split anywhere, as one paste', () => {
			const text = serviceKeyText(service, 'cf-service-key');
			const bracketed = `\u001B[200~${text}\u001B[201~`;
			fc.assert(
				fc.property(fc.array(fc.nat({max: bracketed.length}), {maxLength: 4}), cuts => {
					const points = [...new Set([0, ...cuts, bracketed.length])].sort((a, b) => a - b);
					const reads = points.slice(1).map((end, index) => bracketed.slice(points[index], end));
					assert.deepEqual(decodeReads(...reads), [{kind: 'text', text, isPaste: true}]);
				}),
			);
		});
	});

	describe('an unbracketed paste', () => {
		it('keeps a pasted service key with line breaks whole, as a paste, with no Enter in it', () => {
			for (const wrapper of ['plain', 'cf-service-key', 'credentials', 'vcap-services', 'top-level-uaa'] as const) {
				const text = serviceKeyText(service, wrapper);
				assert.deepEqual(decodeReads(text), [{kind: 'text', text, isPaste: true}], wrapper);
				assert.ok(!decodeReads(text.replaceAll('\n', '\r\n')).some(keypress => isKey(keypress, 'return')), `${wrapper} with CRLF`);
			}
		});

		it('keeps a service key on one line whole as text', () => {
			const text = serviceKeyText(service, 'plain', 0);
			assert.deepEqual(decodeReads(text), [{kind: 'text', text, isPaste: false}]);
		});

		it('reads text with a line break that is no service key as text and Enter', () => {
			assert.deepEqual(spell('https://x.test\r'), ['text:"https://x.test"', 'return']);
		});
	});

	it('never throws, and never turns any key a terminal sends into a control character in text', () => {
		fc.assert(
			fc.property(fc.array(fc.array(keyBytesArb, {minLength: 1, maxLength: 6}).map(parts => parts.join('')), {maxLength: 6}), reads => {
				for (const keypress of decodeReads(...reads)) {
					if (keypress.kind === 'text' && !keypress.isPaste) {
						// eslint-disable-next-line no-control-regex -- a control byte is always a key of its own
						assert.doesNotMatch(keypress.text, /[\u0000-\u001F\u007F-\u009F]/);
					}
				}
			}),
		);
	});
});
