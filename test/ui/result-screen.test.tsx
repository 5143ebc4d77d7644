// The answer's rows as a narrow terminal shows them: no row starts with the space Ink wrapped at.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {DemoServer} from '../../source/demo/demo-server.js';
import type {Token} from '../../source/oauth/token-client.js';
import {ResultScreen} from '../../source/ui/result-screen.js';
import type {CopyStatus} from '../../source/ui/wizard-state.js';
import {renderFrame} from '../helpers/ink.js';
import {withDemoToken} from '../helpers/demo-token.js';

describe('ResultScreen wrapped', () => {
	let demo: DemoServer;
	let token: Token;
	withDemoToken((started, received) => {
		demo = started;
		token = received;
	});

	it('starts no row with the space it wrapped at, explained or not, with copy messages, at 30 to 100 columns', () => {
		const statuses: Array<CopyStatus | undefined> = [
			undefined,
			{state: 'copied', via: 'terminal', target: 'curl'},
			{state: 'failed', reason: 'No clipboard tool was found.', target: 'token'},
		];
		for (let columns = 30; columns <= 100; columns++) {
			for (const isExplained of [false, true]) {
				for (const copyStatus of statuses) {
					const raw = renderFrame(
						<ResultScreen token={token} isRevealed={false} isExplained={isExplained} copyStatus={copyStatus} apiUrl={`${demo.uaaUrl}/service-api`} now={() => token.receivedAt} />,
						{columns},
					);
					// Values sit at 2 or 14 columns in, text at 0: an odd indent is the space Ink kept.
					const slips = raw.split('\n').filter(row => row.trim() !== '' && /^ */.exec(row)![0].length % 2 === 1);
					assert.deepEqual(slips, [], `${columns} columns, ${JSON.stringify(copyStatus)}:\n${raw}`);
				}
			}
		}
	});
});
