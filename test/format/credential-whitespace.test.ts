import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {cleanCredential, credentialWhitespaceNotes} from '../../source/text/credential-whitespace.js';

describe('cleanCredential', () => {
	it('leaves a clean value alone and says nothing about it', () => {
		const cleaned = cleanCredential('clientid', 'sb-na-1!t123');
		assert.deepEqual(cleaned, {value: 'sb-na-1!t123', wasTrimmed: false, hasInnerWhitespace: false});
		assert.deepEqual(credentialWhitespaceNotes('clientid', '--client-id', cleaned), []);
	});

	it('removes spaces, tabs, newlines, CRLF, non-breaking and zero-width characters at both ends', () => {
		const cleaned = cleanCredential('clientsecret', '\u200B \t\u00A0abc$def=\r\n \uFEFF');
		assert.deepEqual(cleaned, {value: 'abc$def=', wasTrimmed: true, hasInnerWhitespace: false});
	});

	it('keeps whitespace inside a value and flags it', () => {
		const cleaned = cleanCredential('clientsecret', ' abc def\n');
		assert.deepEqual(cleaned, {value: 'abc def', wasTrimmed: true, hasInnerWhitespace: true});
		assert.equal(cleanCredential('url', 'https://a.example\n/x').hasInnerWhitespace, true);
	});

	it('turns a value of only whitespace into an empty one', () => {
		assert.deepEqual(cleanCredential('url', ' \n '), {value: '', wasTrimmed: true, hasInnerWhitespace: false});
	});

	it('names the field and the source in its notes but never the value', () => {
		const secret = 'pr+secret value';
		const notes = credentialWhitespaceNotes('clientsecret', 'UAA_TOKEN_CLIENT_SECRET', cleanCredential('clientsecret', ` ${secret} `));
		assert.equal(notes.length, 2);
		assert.equal(notes[0], 'removed whitespace around the clientsecret from UAA_TOKEN_CLIENT_SECRET.');
		assert.match(notes[1]!, /clientsecret from UAA_TOKEN_CLIENT_SECRET has whitespace inside it/);
		for (const note of notes) {
			assert.ok(!note.includes('pr+secret'), note);
		}
	});
});
