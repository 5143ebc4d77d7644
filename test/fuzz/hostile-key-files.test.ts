// Property: whatever field of a key file holds an escape sequence, C1 control, bidi override or line separator, the
// real CLI run with `--service-key FILE` in a real pty (against the demo server when it gets that far) writes none
// of it to the terminal: no OSC at all, and not the injected SGR payload, C1, bidi or separator.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import fc from 'fast-check';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {assertNothingInjected, injections} from '../helpers/injections.js';
import {keys, spawnPtyTerminal} from '../helpers/pty-terminal.js';

const fields = ['uaa.url', 'uaa.clientid', 'uaa.clientsecret', 'uaa.identityzone', 'uaa.xsappname', 'uaa.tenantid', 'uaa.uaadomain', 'uaa.tenantmode', 'url'] as const;

describe('hostile key files in a real pty', () => {
	let demo: DemoServer;
	let directory: string;

	before(async () => {
		demo = await startDemoServer();
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-fuzz-keys-'));
	});

	after(async () => {
		await demo.close();
		rmSync(directory, {recursive: true, force: true});
	});

	it('no injected sequence reaches the terminal, whatever field holds it', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...fields), fc.constantFrom(...injections), fc.nat({max: 8}), async (field, injection, at) => {
				const uaa: Record<string, string> = {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret, identityzone: 'zone', xsappname: 'app!t1', tenantid: 'tenant', uaadomain: 'authentication.eu10.hana.ondemand.com', tenantmode: 'dedicated'};
				const key: Record<string, unknown> = {url: demo.serviceUrl, uaa};
				const name = field.replace('uaa.', '');
				const holder = field.startsWith('uaa.') ? uaa : (key as Record<string, string>);
				const value = holder[name]!;
				const cut = Math.min(at, value.length);
				holder[name] = value.slice(0, cut) + injection + value.slice(cut);
				const path = join(directory, `key-${run++}.json`);
				writeFileSync(path, JSON.stringify(key));
				// The interactive app: the confirm screen shows the key's values, Enter gets a token from the demo server and
				// the result screen shows the curl next step with the key's top-level url. A refused key exits before that.
				const terminal = spawnPtyTerminal({args: ['--service-key', path]});
				try {
					const reached = await Promise.race([terminal.exited.then(() => 'exited'), terminal.waitFor('✓ Read', 15_000).then(() => 'confirm', () => 'exited')]);
					if (reached === 'confirm') {
						await terminal.press(keys.enter);
						await terminal.waitFor('Token received', 15_000);
						await terminal.flush();
					}

					assertNothingInjected(terminal.rawOutput(), field);
				} finally {
					await terminal.dispose();
				}
			}),
			{numRuns: 15},
		);
	});
});
