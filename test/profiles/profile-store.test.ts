import assert from 'node:assert/strict';
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, it} from 'node:test';
import {configDirectory} from '../../source/profiles/config-directory.js';
import Conf from 'conf';
import {checkProfileName, createProfileStore, defaultProfileName, type Profile, type ProfileStore, storeVersion} from '../../source/profiles/profile-store.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const storeModuleUrl = new URL('../../source/profiles/open-profile-store.ts', import.meta.url).href;

/** A fixed clock, so the name a corrupt file is moved to can be known in advance. */
const fixedNow = Date.parse('2025-01-02T03:04:05.678Z');
const fixedStamp = '2025-01-02T03-04-05-678Z';

let temporary: string;
/** A directory the store has to create itself, so its mode is the store's doing, not mkdtemp's. */
let directory: string;
let profilesDirectory: string;

beforeEach(() => {
	temporary = mkdtempSync(join(tmpdir(), 'uaa-token-store-'));
	directory = join(temporary, 'config');
	profilesDirectory = join(directory, 'profiles');
});

afterEach(() => {
	rmSync(temporary, {recursive: true, force: true});
});

function profileNamed(name: string, overrides: Partial<Profile> = {}): Profile {
	return {
		name,
		url: `https://${name}.authentication.eu10.hana.ondemand.com`,
		clientId: `sb-${name}!t1`,
		createdAt: '2025-01-01T10:00:00.000Z',
		lastUsedAt: '2025-01-01T10:00:00.000Z',
		...overrides,
	};
}

function fullProfile(): Profile {
	return {
		name: 'prod.eu10',
		url: 'https://prod.authentication.eu10.hana.ondemand.com',
		clientId: 'sb-app!t1|broker!b2',
		clientSecret: 'p+s$/=secret',
		authMethod: 'basic',
		createdAt: '2025-01-01T10:00:00.000Z',
		lastUsedAt: '2025-01-01T11:30:00.000Z',
		token: {
			accessToken: 'eyJhbGciOiJSUzI1NiJ9.payload.signature',
			tokenType: 'bearer',
			scopes: ['uaa.resource', 'app!t1.Read'],
			jti: '0123456789abcdef0123456789abcdef',
			expiresAt: Date.parse('2025-01-01T23:29:59.123Z'),
			receivedAt: Date.parse('2025-01-01T11:30:00.123Z'),
			authMethod: 'basic',
			tokenUrl: 'https://prod.authentication.eu10.hana.ondemand.com/oauth/token',
		},
	};
}

function modeOf(path: string): number {
	return statSync(path).mode & 0o777;
}

function rawFile(path: string): Record<string, unknown> {
	return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function storedProfileOf(path: string): Record<string, unknown> {
	return rawFile(path)['profile'] as Record<string, unknown>;
}

function filesIn(folder: string): string[] {
	return readdirSync(folder).sort();
}

describe('openProfileStore: saving and reading', () => {
	it('round-trips a profile with its secret and cached token through get and list', () => {
		const store = openProfileStore({directory});
		const profile = fullProfile();
		store.save(profile);

		assert.deepEqual(store.get('prod.eu10'), profile);
		assert.deepEqual(openProfileStore({directory}).list(), [profile]);
		assert.equal(store.pathOf('prod.eu10'), join(profilesDirectory, 'prod.eu10.json'));
		assert.equal(existsSync(store.pathOf('prod.eu10')), true);
		assert.deepEqual(store.warnings, []);
	});

	it('returns undefined for a profile that was never saved, and an empty list before the first save', () => {
		const store = openProfileStore({directory});
		assert.deepEqual(store.list(), []);
		assert.equal(store.get('nothing'), undefined);
		store.save(profileNamed('one'));
		assert.equal(store.get('nothing'), undefined);
		assert.equal(store.get('../one'), undefined);
	});

	it('lists the most recently used profile first', () => {
		const store = openProfileStore({directory});
		store.save(profileNamed('old', {lastUsedAt: '2024-06-01T08:00:00.000Z'}));
		store.save(profileNamed('newest', {lastUsedAt: '2025-03-01T08:00:00.000Z'}));
		store.save(profileNamed('middle', {lastUsedAt: '2025-01-15T08:00:00.000Z'}));

		assert.deepEqual(store.list().map(profile => profile.name), ['newest', 'middle', 'old']);

		store.save({...store.get('old')!, lastUsedAt: '2025-04-01T08:00:00.000Z'});
		assert.deepEqual(store.list().map(profile => profile.name), ['old', 'newest', 'middle']);
	});

	it('lists profiles used at the same moment by name in natural order: sub2 before sub10', () => {
		const store = openProfileStore({directory});
		for (const name of ['sub10', 'sub21', 'sub3', 'sub2', 'sub20', 'sub1', 'Sub4']) {
			store.save(profileNamed(name));
		}

		store.save(profileNamed('sub100', {lastUsedAt: '2025-02-01T10:00:00.000Z'}));
		assert.deepEqual(
			store.list().map(profile => profile.name),
			['sub100', 'sub1', 'sub2', 'sub3', 'Sub4', 'sub10', 'sub20', 'sub21'],
		);
	});

	it('replaces a profile saved under the same name', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());
		const {token: _dropped, ...replacement} = {...fullProfile(), clientId: 'sb-other!t9'};
		store.save(replacement);

		assert.deepEqual(store.get('prod.eu10'), replacement);
		assert.equal(rawFile(store.pathOf('prod.eu10'))['token'], undefined, 'the old token must not linger in the file');
	});

	it('refuses to save a profile with an invalid name, and writes nothing', () => {
		const store = openProfileStore({directory});
		assert.throws(() => store.save(profileNamed('../escape')), /profile name/);
		assert.throws(() => store.save(profileNamed('')), /profile name/);
		assert.equal(existsSync(join(temporary, 'escape.json')), false);
		assert.equal(existsSync(join(directory, 'escape.json')), false);
	});
});

describe('createProfileStore before conf is attached, as the app opens it', () => {
	it('reads, lists, saves, renames and removes at once; an older file is migrated once conf is attached', () => {
		openProfileStore({directory}).save(profileNamed('saved'));
		const store = createProfileStore({directory});
		assert.deepEqual(store.list().map(profile => profile.name), ['saved']);
		store.rename('saved', 'renamed');
		assert.equal(store.get('renamed')?.clientId, profileNamed('saved').clientId);
		// Writes never went through conf: a token fetched before conf has loaded is kept at once.
		store.save(profileNamed('new'));
		assert.deepEqual(openProfileStore({directory}).list().map(profile => profile.name).sort(), ['new', 'renamed']);

		const path = join(profilesDirectory, 'older.json');
		const older = JSON.stringify({
			profile: {url: 'https://older.example.test', clientid: 'old-client', createdAt: '2024-01-01T00:00:00.000Z', lastUsedAt: '2024-01-01T00:00:00.000Z'},
			__internal__: {migrations: {version: '0.9.0'}},
		});
		writeFileSync(path, older);
		// Read as it is until conf can migrate it, and left as it is.
		assert.equal(store.get('older')?.clientId, 'old-client');
		assert.equal(readFileSync(path, 'utf8'), older);
		store.attachConf(Conf);
		assert.equal(store.get('older')?.clientId, 'old-client');
		assert.deepEqual(rawFile(path)['__internal__'], {migrations: {version: storeVersion}});
		assert.deepEqual(store.remove('renamed'), [store.pathOf('renamed')]);
	});
});

describe('openProfileStore: file modes', () => {
	it('creates the directories owner-only and each profile file 0600, even with umask 0', () => {
		const previousUmask = process.umask(0);
		try {
			const store = openProfileStore({directory});
			store.save(fullProfile());
			store.save(profileNamed('second'));

			assert.equal(modeOf(directory), 0o700);
			assert.equal(modeOf(profilesDirectory), 0o700);
			assert.equal(modeOf(store.pathOf('prod.eu10')), 0o600);
			assert.equal(modeOf(store.pathOf('second')), 0o600);
		} finally {
			process.umask(previousUmask);
		}
	});

	it('sets a file the user opened up to 0644 back to 0600 on the next save', () => {
		const previousUmask = process.umask(0);
		try {
			const store = openProfileStore({directory});
			store.save(fullProfile());
			const path = store.pathOf('prod.eu10');
			chmodSync(path, 0o644);
			assert.equal(modeOf(path), 0o644);

			store.save({...fullProfile(), lastUsedAt: '2025-02-01T00:00:00.000Z'});
			assert.equal(modeOf(path), 0o600);
		} finally {
			process.umask(previousUmask);
		}
	});

	it('leaves the mode of a directory it did not create as it is, and refuses one everybody may write without a sticky bit', () => {
		const previousUmask = process.umask(0);
		try {
			const store = openProfileStore({directory});
			store.save(fullProfile());
			// The user chose these modes; uaa-token never chmods what exists (issue 12: a 1777 directory lost its sticky bit).
			chmodSync(directory, 0o755);
			chmodSync(profilesDirectory, 0o750);
			store.save({...fullProfile(), lastUsedAt: '2025-02-01T00:00:00.000Z'});
			assert.equal(modeOf(directory), 0o755);
			assert.equal(modeOf(profilesDirectory), 0o750);

			chmodSync(profilesDirectory, 0o777);
			assert.throws(() => {
				store.save({...fullProfile(), lastUsedAt: '2025-03-01T00:00:00.000Z'});
			}, /can be written by every user and has no sticky bit/);
			assert.equal(modeOf(profilesDirectory), 0o777, 'refused, not changed');
			assert.throws(() => store.get('prod.eu10'), /can be written by every user/, 'nor is anything read from it');
		} finally {
			process.umask(previousUmask);
		}
	});
});

describe('openProfileStore: the client secret', () => {
	it('writes no clientsecret key when the profile has no secret', () => {
		const store = openProfileStore({directory});
		const {clientSecret: _omitted, ...withoutSecret} = fullProfile();
		store.save(withoutSecret);

		const text = readFileSync(store.pathOf('prod.eu10'), 'utf8');
		assert.equal(Object.hasOwn(storedProfileOf(store.pathOf('prod.eu10')), 'clientsecret'), false);
		assert.equal(text.toLowerCase().includes('clientsecret'), false);
		assert.equal(text.includes('p+s$/=secret'), false);
		assert.equal(store.get('prod.eu10')!.clientSecret, undefined);
		assert.equal(Object.hasOwn(store.get('prod.eu10')!, 'clientSecret'), false);
	});

	it('stores a secret when given, and drops it from the file when the profile is saved without it', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());
		assert.equal(storedProfileOf(store.pathOf('prod.eu10'))['clientsecret'], 'p+s$/=secret');

		const {clientSecret: _forgotten, ...withoutSecret} = fullProfile();
		store.save(withoutSecret);
		assert.equal(Object.hasOwn(storedProfileOf(store.pathOf('prod.eu10')), 'clientsecret'), false);
		assert.equal(readFileSync(store.pathOf('prod.eu10'), 'utf8').includes('p+s$/=secret'), false);
	});
});

describe('openProfileStore: unreadable files', () => {
	function storeWithOneGoodProfile(): ProfileStore {
		const store = openProfileStore({directory, now: () => fixedNow});
		store.save(profileNamed('good'));
		return store;
	}

	const brokenPath = () => join(profilesDirectory, 'broken.json');
	const asidePath = () => `${brokenPath()}.corrupt-${fixedStamp}`;

	it('moves a file with invalid JSON aside, keeps its bytes, warns once, and still lists the rest', () => {
		const store = storeWithOneGoodProfile();
		const content = '{"profile": {"url": "https://x", "clientsecret": "hunter2"';
		writeFileSync(brokenPath(), content);

		const listed = store.list();
		assert.deepEqual(listed.map(profile => profile.name), ['good']);
		assert.equal(existsSync(brokenPath()), false);
		assert.equal(readFileSync(asidePath(), 'utf8'), content);
		assert.deepEqual(filesIn(profilesDirectory), ['broken.json.corrupt-2025-01-02T03-04-05-678Z', 'good.json']);
		assert.equal(store.warnings.length, 1);
		assert.ok(store.warnings[0]!.includes(asidePath()), store.warnings[0]);
		assert.equal(store.warnings[0]!.includes('"broken"'), true);
		assert.ok(!store.warnings[0]!.includes('hunter2'), 'the warning must not repeat the file content');

		// The next listing has nothing left to complain about.
		assert.deepEqual(store.list().map(profile => profile.name), ['good']);
		assert.equal(store.warnings.length, 1);
	});

	it('keeps binary garbage byte for byte', () => {
		const store = storeWithOneGoodProfile();
		const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x0a, 0x80, 0x81]);
		writeFileSync(brokenPath(), garbage);

		assert.deepEqual(store.list().map(profile => profile.name), ['good']);
		assert.deepEqual(readFileSync(asidePath()), garbage);
		assert.equal(store.warnings.length, 1);
	});

	for (const content of ['[1,2,3]', '{"profile": {"url": 5}}', '{"profile": {"url": "https://x", "clientid": "c"}}', 'null', '"just a string"']) {
		it(`moves valid JSON of the wrong shape aside: ${content}`, () => {
			const store = storeWithOneGoodProfile();
			writeFileSync(brokenPath(), content);

			assert.deepEqual(store.list().map(profile => profile.name), ['good']);
			assert.equal(existsSync(brokenPath()), false);
			assert.equal(existsSync(asidePath()), true);
			assert.equal(store.warnings.length, 1);
			assert.ok(store.warnings[0]!.includes(asidePath()), store.warnings[0]);
			assert.match(store.warnings[0]!, /shape of a profile/);
		});
	}

	for (const content of ['[1,2,3]', '{"profile": {"url": 5}}']) {
		it(`keeps valid JSON of the wrong shape byte for byte when moving it aside: ${content}`, () => {
			const store = storeWithOneGoodProfile();
			writeFileSync(brokenPath(), content);
			store.list();
			assert.equal(readFileSync(asidePath(), 'utf8'), content);
		});
	}

	it('does the same when get() meets the corrupt file', () => {
		const store = storeWithOneGoodProfile();
		writeFileSync(brokenPath(), 'not json at all');

		assert.equal(store.get('broken'), undefined);
		assert.equal(existsSync(brokenPath()), false);
		assert.equal(readFileSync(asidePath(), 'utf8'), 'not json at all');
		assert.equal(store.warnings.length, 1);
		assert.equal(store.warnings[0]!.includes(asidePath()), true);
		assert.deepEqual(store.get('good'), profileNamed('good'));
	});

	it('does the same for a wrong shape met by get()', () => {
		const store = storeWithOneGoodProfile();
		writeFileSync(brokenPath(), '{"profile": {"url": 5}}');

		assert.equal(store.get('broken'), undefined);
		assert.equal(existsSync(brokenPath()), false);
		assert.equal(existsSync(asidePath()), true);
		assert.equal(store.warnings.length, 1);
	});

	it('lets a profile be saved again under the name of a file that was moved aside', () => {
		const store = storeWithOneGoodProfile();
		writeFileSync(brokenPath(), '{');
		assert.equal(store.get('broken'), undefined);

		store.save(profileNamed('broken'));
		assert.deepEqual(store.get('broken'), profileNamed('broken'));
		assert.equal(readFileSync(asidePath(), 'utf8'), '{');
	});

	it('ignores files in the folder that are not profiles', () => {
		const store = storeWithOneGoodProfile();
		writeFileSync(join(profilesDirectory, 'notes.txt'), 'hello');
		writeFileSync(join(profilesDirectory, '.hidden.json'), '{');

		assert.deepEqual(store.list().map(profile => profile.name), ['good']);
		assert.deepEqual(store.warnings, []);
		assert.equal(existsSync(join(profilesDirectory, '.hidden.json')), true);
	});
});

describe('openProfileStore: atomic writes', () => {
	it('leaves a complete, parseable file after every one of many saves, and no temporary files', () => {
		const store = openProfileStore({directory});
		for (let index = 0; index < 150; index++) {
			// Alternate long and short content, so a torn write would leave trailing garbage.
			const clientId = `client-${index}-${'x'.repeat(index % 2 === 0 ? 500 : 1)}`;
			store.save(profileNamed('busy', {clientId}));
			assert.equal(storedProfileOf(store.pathOf('busy'))['clientid'], clientId);
		}

		assert.deepEqual(filesIn(profilesDirectory), ['busy.json']);
	});

	it('never shows a half-written file to a reader in another process', async () => {
		const store = openProfileStore({directory});
		store.save(profileNamed('busy', {clientId: 'initial'}));
		const path = store.pathOf('busy');
		const seen = new Set<string>();
		let reads = 0;

		const jobs = Array.from({length: 300}, (_, index) => ({name: 'busy', clientId: `client-${index}-${'x'.repeat((index % 3) * 400)}`}));
		await runTogether([jobs], () => {
			const text = readFileSync(path, 'utf8');
			let parsed: unknown;
			assert.doesNotThrow(() => {
				parsed = JSON.parse(text);
			}, `read ${reads} saw a torn file: ${JSON.stringify(text.slice(0, 80))}`);
			const clientId = ((parsed as Record<string, unknown>)['profile'] as Record<string, unknown>)['clientid'];
			assert.equal(typeof clientId, 'string');
			seen.add(clientId as string);
			reads++;
		});

		assert.equal(reads > 0, true);
		assert.ok(seen.size > 1, 'the reads must have overlapped the writes for this test to mean anything');
		assert.equal(store.get('busy')!.clientId, jobs.at(-1)!.clientId);
	});
});

type Job = {name: string; clientId: string};

const childScript = `
import {readFileSync} from 'node:fs';
import {openProfileStore} from ${JSON.stringify(storeModuleUrl)};

const [directory, jobsPath] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsPath, 'utf8'));
const store = openProfileStore({directory});
process.stdin.once('data', () => {
	for (const {name, clientId} of jobs) {
		const time = new Date().toISOString();
		store.save({name, url: 'https://' + name + '.example.test', clientId, createdAt: time, lastUsedAt: time});
	}

	process.exit(0);
});
process.stdout.write('ready\\n');
`;

/**
 * Starts one process per job list, waits until all have loaded the store, then lets them all write at once.
 * While they run, whileRunning is called again and again from this process.
 */
async function runTogether(jobLists: Job[][], whileRunning?: () => void): Promise<void> {
	const scriptPath = join(temporary, 'save-profiles.mts');
	writeFileSync(scriptPath, childScript);

	const children: ChildProcessWithoutNullStreams[] = jobLists.map((jobs, index) => {
		const jobsPath = join(temporary, `jobs-${index}.json`);
		writeFileSync(jobsPath, JSON.stringify(jobs));
		// The project root as cwd, so --import tsx finds the package.
		return spawn(process.execPath, ['--import', 'tsx', scriptPath, directory, jobsPath], {cwd: projectRoot});
	});
	const outcomes = children.map(child => {
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			stderr += chunk;
		});
		const ready = new Promise<void>((resolve, reject) => {
			child.stdout.once('data', () => resolve());
			child.once('close', code => reject(new Error(`a child exited with ${String(code)} before it was ready:\n${stderr}`)));
		});
		const exit = new Promise<{code: number | null; stderr: string}>(resolve => {
			child.once('close', code => resolve({code, stderr}));
		});
		return {ready, exit};
	});

	try {
		await Promise.all(outcomes.map(outcome => outcome.ready));
	} catch (error) {
		for (const child of children) {
			child.kill();
		}

		throw error;
	}

	let running = true;
	const exits = Promise.all(outcomes.map(outcome => outcome.exit)).finally(() => {
		running = false;
	});
	for (const child of children) {
		child.stdin.end('go\n');
	}

	try {
		while (whileRunning && running) {
			whileRunning();
			await new Promise(resolve => {
				setImmediate(resolve);
			});
		}
	} catch (error) {
		// Stop the writers before afterEach removes their directory.
		for (const child of children) {
			child.kill();
		}

		await exits;
		throw error;
	}

	for (const {code, stderr} of await exits) {
		assert.equal(code, 0, `a child failed:\n${stderr}`);
	}
}

describe('openProfileStore: several processes at once', {timeout: 60_000}, () => {
	it('keeps all ten profiles that ten processes save at the same moment', async () => {
		await runTogether(Array.from({length: 10}, (_, index) => [{name: `p${index}`, clientId: `client-${index}`}]));

		const store = openProfileStore({directory});
		const listed = store.list();
		assert.deepEqual(listed.map(profile => profile.name).sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
		for (const profile of listed) {
			assert.equal(profile.clientId, `client-${profile.name.slice(1)}`);
			assert.equal(profile.url, `https://${profile.name}.example.test`);
			assert.equal(modeOf(store.pathOf(profile.name)), 0o600);
		}

		assert.deepEqual(store.warnings, []);
		assert.deepEqual(filesIn(profilesDirectory), listed.map(profile => `${profile.name}.json`).sort());
	});

	it('leaves one whole profile when ten processes save the same name with different client ids', async () => {
		const written = Array.from({length: 10}, (_, index) => `client-${index}-${'y'.repeat(index * 50)}`);
		// Each process saves several times, so the writes really interleave.
		await runTogether(written.map(clientId => Array.from({length: 5}, () => ({name: 'shared', clientId}))));

		const store = openProfileStore({directory});
		const path = store.pathOf('shared');
		const raw = rawFile(path);
		assert.equal(written.includes(storedProfileOf(path)['clientid'] as string), true);
		assert.deepEqual(raw['__internal__'], {migrations: {version: storeVersion}});

		const listed = store.list();
		assert.equal(listed.length, 1);
		assert.equal(written.includes(listed[0]!.clientId), true);
		assert.deepEqual(store.warnings, []);
		assert.deepEqual(filesIn(profilesDirectory), ['shared.json']);
	});

	it('never moves a profile aside because another process is in the middle of creating it', async () => {
		const store = openProfileStore({directory});
		store.save(profileNamed('existing'));
		await runTogether(
			Array.from({length: 6}, (_, child) => Array.from({length: 20}, (_, index) => ({name: `p${child}-${index}`, clientId: `c${child}`}))),
			() => store.list(),
		);

		assert.deepEqual(store.warnings, []);
		assert.equal(store.list().length, 6 * 20 + 1);
	});
});

describe('openProfileStore: rename and remove', () => {
	it('renames a profile: the old file is gone, the new one holds the same profile', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());
		store.rename('prod.eu10', 'production');

		assert.equal(existsSync(store.pathOf('prod.eu10')), false);
		assert.equal(existsSync(store.pathOf('production')), true);
		assert.equal(store.get('prod.eu10'), undefined);
		assert.deepEqual(store.get('production'), {...fullProfile(), name: 'production'});
		assert.deepEqual(store.list().map(profile => profile.name), ['production']);
		assert.equal(modeOf(store.pathOf('production')), 0o600);
	});

	it('refuses to rename onto an existing profile, and leaves both as they were', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());
		store.save(profileNamed('taken'));

		assert.throws(() => store.rename('prod.eu10', 'taken'), /already exists/);
		assert.deepEqual(store.get('prod.eu10'), fullProfile());
		assert.deepEqual(store.get('taken'), profileNamed('taken'));
	});

	it('refuses an invalid new name and a profile that does not exist', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());

		assert.throws(() => store.rename('prod.eu10', '../outside'), /profile name/);
		assert.throws(() => store.rename('prod.eu10', 'has space'), /profile name/);
		assert.throws(() => store.rename('missing', 'other'), /no profile named "missing"/);
		assert.deepEqual(store.get('prod.eu10'), fullProfile());
		assert.deepEqual(filesIn(profilesDirectory), ['prod.eu10.json']);
		assert.equal(existsSync(join(directory, 'outside.json')), false);
	});

	it('removes a profile once: its path, then nothing', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());
		store.save(profileNamed('kept'));

		assert.deepEqual(store.remove('prod.eu10'), [store.pathOf('prod.eu10')]);
		assert.equal(existsSync(store.pathOf('prod.eu10')), false);
		assert.equal(store.get('prod.eu10'), undefined);
		assert.deepEqual(store.remove('prod.eu10'), []);
		assert.deepEqual(store.remove('../kept'), []);
		assert.deepEqual(store.list().map(profile => profile.name), ['kept']);
	});
});

describe('checkProfileName', () => {
	it('accepts names made of letters, digits, dots, dashes and underscores', () => {
		for (const name of ['mysubaccount', 'prod.eu10', 'a_b-c', '1st', 'a'.repeat(64)]) {
			assert.equal(checkProfileName(name), undefined, name);
		}
	});

	it('rejects empty names, paths, hidden names, long names and spaces, with an explanation', () => {
		for (const name of ['', '../x', '.hidden', 'a'.repeat(65), 'a b', 'x/y', '-dash', 'naïve']) {
			assert.match(checkProfileName(name) ?? '', /1 to 64 letters/, JSON.stringify(name));
		}
	});
});

describe('defaultProfileName', () => {
	it('takes the subaccount from the first host label', () => {
		assert.equal(defaultProfileName('https://mysubaccount.authentication.eu10.hana.ondemand.com', []), 'mysubaccount');
	});

	it('adds a number when the name is taken', () => {
		const url = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';
		assert.equal(defaultProfileName(url, ['mysubaccount']), 'mysubaccount-2');
		assert.equal(defaultProfileName(url, ['mysubaccount', 'mysubaccount-2']), 'mysubaccount-3');
	});

	it('calls a local address "local", and an unparsable url "profile"', () => {
		assert.equal(defaultProfileName('http://127.0.0.1:8080', []), 'local');
		assert.equal(defaultProfileName('http://[::1]:8080', []), 'local');
		assert.equal(defaultProfileName('not a url', []), 'profile');
	});

	it('always gives a name the store accepts', () => {
		for (const url of ['https://-weird-.example.com', 'https://x_y.example.com', `https://${'a'.repeat(63)}.example.com`]) {
			const name = defaultProfileName(url, []);
			assert.equal(checkProfileName(name), undefined, `${url} gave ${name}`);
		}
	});
});

describe('openProfileStore: the version of the file shape', () => {
	it('stamps every saved file with the store version', () => {
		const store = openProfileStore({directory});
		store.save(fullProfile());
		assert.deepEqual(rawFile(store.pathOf('prod.eu10'))['__internal__'], {migrations: {version: storeVersion}});
	});

	it('reads a profile file from an older version and stamps it with the current one', () => {
		const store = openProfileStore({directory});
		store.save(profileNamed('placeholder'));
		const path = join(profilesDirectory, 'older.json');
		writeFileSync(path, JSON.stringify({
			profile: {url: 'https://older.example.test', clientid: 'old-client', createdAt: '2024-01-01T00:00:00.000Z', lastUsedAt: '2024-01-01T00:00:00.000Z'},
			__internal__: {migrations: {version: '0.9.0'}},
		}));

		assert.equal(store.get('older')!.clientId, 'old-client');
		assert.deepEqual(rawFile(path)['__internal__'], {migrations: {version: storeVersion}});
		assert.deepEqual(store.warnings, []);
	});

	it('reads a file from a newer uaa-token without stamping it back to this version', () => {
		const store = openProfileStore({directory});
		store.save(profileNamed('placeholder'));
		const path = join(profilesDirectory, 'newer.json');
		const text = JSON.stringify({
			profile: {url: 'https://newer.example.test', clientid: 'new-client', createdAt: '2027-01-01T00:00:00.000Z', lastUsedAt: '2027-01-01T00:00:00.000Z'},
			__internal__: {migrations: {version: '2.0.0'}},
		});
		writeFileSync(path, text);
		assert.equal(store.list().find(profile => profile.name === 'newer')?.clientId, 'new-client');
		assert.equal(readFileSync(path, 'utf8'), text);
	});
});

describe('openProfileStore: two unreadable files in the same millisecond', () => {
	it('keeps both moved-aside copies', () => {
		const store = openProfileStore({directory, now: () => fixedNow});
		store.save(profileNamed('twice'));
		const path = store.pathOf('twice');
		writeFileSync(path, 'first broken text');
		store.list();
		writeFileSync(path, 'second broken text');
		store.list();
		const copies = readdirSync(profilesDirectory).filter(file => file.startsWith('twice.json.corrupt-')).sort();
		assert.deepEqual(copies, [`twice.json.corrupt-${fixedStamp}`, `twice.json.corrupt-${fixedStamp}-2`]);
		assert.deepEqual(
			copies.map(file => readFileSync(join(profilesDirectory, file), 'utf8')),
			['first broken text', 'second broken text'],
		);
	});
});

describe('configDirectory', () => {
	it('uses UAA_TOKEN_CONFIG_DIR when it is set', () => {
		assert.equal(configDirectory({UAA_TOKEN_CONFIG_DIR: '/x/y'}), '/x/y');
	});

	it('falls back to the per-user conf directory otherwise', () => {
		assert.match(configDirectory({}), /uaa-token-nodejs$/);
		assert.match(configDirectory({UAA_TOKEN_CONFIG_DIR: '   '}), /uaa-token-nodejs$/);
	});

	it('is where the store goes when no directory is given', () => {
		const store = openProfileStore({});
		assert.equal(store.directory, configDirectory());
	});
});
