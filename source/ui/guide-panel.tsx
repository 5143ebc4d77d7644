// The guide kept beside or below the wizard: where each value sits in a service key, what SAP's browser tutorial does with it, and the words of the answer.

import {Box, Text, useIsScreenReaderEnabled} from 'ink';
import {checkUaaUrl, uaaUrlShape} from '../oauth/uaa-url.js';
import {WrappedText} from './wrapped-text.js';

/** The moment of the flow the guide explains: a wizard field, or a screen. */
export type GuideTopic = 'url' | 'clientid' | 'clientsecret' | 'signing-in' | 'result' | 'failure' | 'confirm-key' | 'picker';

export type GuideLayout = 'side' | 'bottom';

export type GuidePanelProps = {
	readonly topic: GuideTopic;
	/** The uaa url typed so far. Anything checkUaaUrl refuses, a pasted service key included, shows the placeholder. */
	readonly url: string;
	readonly layout: GuideLayout;
	/** Columns the panel takes, its border included. */
	readonly width: number;
	/** For --tutorial: a heading names the tutorial step this moment belongs to. */
	readonly isTutorial?: boolean;
	/**
	 * Only the section for this moment, for short terminals: a guide taller than the terminal would push the wizard's
	 * input off the top of the screen.
	 */
	readonly isCompact?: boolean;
	/** False while "?" would be typed into a field rather than close the guide. */
	readonly canCloseWithKey?: boolean;
};

export type TutorialPart = {readonly title: string; readonly summary: string};

/**
 * SAP's browser tutorial in the order --tutorial walks it; the intro lists these and the panel's heading names them.
 * They are "parts", never "steps": the wizard numbers its fields "Step 1/3" to "Step 3/3", all of them inside part 1,
 * and the browser's actions are numbered 1-4, so "Tutorial step 1 of 3" beside "Step 3/3" read as a contradiction.
 */
export const tutorialParts: readonly TutorialPart[] = [
	{
		title: 'Find the values',
		summary: 'The wizard\'s steps 1/3 to 3/3: url, clientid and clientsecret, from the "uaa" section of your service key.',
	},
	{
		title: 'Get the token',
		summary: 'What the browser does: open the token URL and sign in with clientid and clientsecret.',
	},
	{
		title: 'Read the answer',
		summary: 'Every field explained, then the next step: calling the service\'s API with curl.',
	},
];

/** The tutorial part (1-based) a topic belongs to; the picker is no part of the tutorial. */
export function tutorialPartFor(topic: GuideTopic): number | undefined {
	switch (topic) {
		case 'url':
		case 'clientid':
		case 'clientsecret':
		case 'confirm-key': {
			return 1;
		}

		case 'signing-in':
		case 'failure': {
			return 2;
		}

		case 'result': {
			return 3;
		}

		case 'picker': {
			return undefined;
		}

		default: {
			const unhandled: never = topic;
			return unhandled;
		}
	}
}

/** How the guide names a part: "Part 1 of 3: Find the values". */
export function tutorialPartName(number: number): string {
	return `Part ${number} of ${tutorialParts.length}: ${tutorialParts[number - 1]?.title ?? ''}`;
}

const browserUrlPlaceholder = `${uaaUrlShape}/oauth/token?grant_type=client_credentials`;

/** The address SAP's tutorial opens in a browser, for the url typed so far: the same token URL the tool will use. */
export function browserUrlFor(url: string): string {
	const check = checkUaaUrl(url);
	return check.isValid ? `${check.tokenUrl}?grant_type=client_credentials` : browserUrlPlaceholder;
}

/** A piece longer than a row is cut at the row's end: the only break that is not at a sensible point. */
function fillRows(pieces: readonly string[], width: number): string[] {
	const rows: string[] = [];
	let row = '';
	for (const piece of pieces) {
		if (row !== '' && row.length + piece.length > width) {
			rows.push(row);
			row = '';
		}

		row += piece;
		while (row.length > width) {
			rows.push(row.slice(0, width));
			row = row.slice(width);
		}
	}

	return row === '' ? rows : [...rows, row];
}

/**
 * The browser URL in rows of at most `width` columns, broken only where a reader expects a break: the query starts a
 * row of its own, and a token URL longer than a row breaks before its path or before a dot of its host, never inside
 * the path. Copying a URL split by the terminal's own wrapping gave "/oauth" on one row and "/token" on the next.
 */
export function browserUrlRows(browserUrl: string, width: number): string[] {
	if (browserUrl.length <= width) {
		return [browserUrl];
	}

	const queryStart = browserUrl.indexOf('?');
	const tokenUrl = queryStart === -1 ? browserUrl : browserUrl.slice(0, queryStart);
	const query = queryStart === -1 ? '' : browserUrl.slice(queryStart);
	const [, scheme = '', host = tokenUrl, path = ''] = /^([a-z][\w+.-]*:\/\/)?([^/]*)(.*)$/i.exec(tokenUrl) ?? [];
	// The scheme stays with the host's first label unless the two overflow a row together.
	const hostPieces = host.split(/(?=\.)/);
	// The path stays whole; only a path longer than a row breaks, and then before a "/".
	const pathPieces = path.length > width ? path.split(/(?=\/)/) : [path];
	const rows = fillRows([scheme, ...hostPieces, ...pathPieces].filter(piece => piece !== ''), width);
	return query === '' ? rows : [...rows, ...fillRows([query], width)];
}

type KeyField = 'api-url' | 'clientid' | 'clientsecret' | 'uaa-url';

type Mark = {
	/** Shown after the line, so the highlight survives NO_COLOR. */
	readonly text: string;
	/** Read by screen readers after the field's name and "is" or "are". */
	readonly spoken: string;
	readonly tone: 'current' | 'warning' | 'aside';
};

// Placeholders only: the panel never receives the secret, and real values would crowd out the shape being taught.
const keyDrawing: ReadonlyArray<{readonly text: string; readonly field?: KeyField}> = [
	{text: '{ "url": "https://...",', field: 'api-url'},
	{text: '  "uaa": {'},
	{text: '    "clientid": "sb-...",', field: 'clientid'},
	{text: '    "clientsecret": "...",', field: 'clientsecret'},
	{text: '    "url": "https://...",', field: 'uaa-url'},
	{text: '    ... } }'},
];

// One column for every marker: the longest line, a space and an 11-character marker make 38 columns.
const markerColumn = Math.max(...keyDrawing.map(line => line.text.length)) + 1;

/** How a screen reader names each field: the two urls differ only in where they sit. */
const fieldPlaces: Record<KeyField, {readonly section: string; readonly name: string}> = {
	'api-url': {section: 'the top-level', name: 'url'},
	clientid: {section: "the uaa section's", name: 'clientid'},
	clientsecret: {section: "the uaa section's", name: 'clientsecret'},
	'uaa-url': {section: "the uaa section's", name: 'url'},
};

const thisOne: Mark = {text: '<- this one', spoken: 'the one for this step', tone: 'current'};
const notThis: Mark = {text: '<- not this', spoken: "the service's API, not the one to use here", tone: 'warning'};
const callNext: Mark = {text: '<- next', spoken: 'the API you call next, with the token', tone: 'current'};
const sent: Mark = {text: '<- sent', spoken: 'being sent now', tone: 'current'};
const check: Mark = {text: '<- check', spoken: 'worth checking', tone: 'current'};
const found: Mark = {text: '<- found', spoken: 'read from your key', tone: 'current'};
const forLater: Mark = {text: '<- the API', spoken: "the service's API, kept for later", tone: 'aside'};

const topicMarks: Record<GuideTopic, Partial<Record<KeyField, Mark>>> = {
	url: {'api-url': notThis, 'uaa-url': thisOne},
	clientid: {clientid: thisOne},
	clientsecret: {clientsecret: thisOne},
	'signing-in': {clientid: sent, clientsecret: sent, 'uaa-url': sent},
	result: {'api-url': callNext},
	failure: {'api-url': notThis, clientid: check, clientsecret: check, 'uaa-url': check},
	'confirm-key': {'api-url': forLater, clientid: found, clientsecret: found, 'uaa-url': found},
	picker: {},
};

const topicNotes: Record<GuideTopic, string> = {
	url: 'Use "url" inside "uaa". The top "url" is the service\'s API, not for tokens.',
	clientid: '"clientid" from "uaa": what the browser calls Username.',
	// The practice secret holds a "+" on purpose: XSUAA URL-decodes Basic credentials, and a browser sends them raw.
	clientsecret:
		'"clientsecret" from "uaa": what the browser calls Password. A browser sends it unencoded, so a "+" in it is read as a space and fails there; uaa-token encodes it, so it works.',
	'signing-in': 'These three go to the token URL, as browser steps 1-3 send them.',
	result: 'Next: call the top "url" with the header Authorization: Bearer <token>.',
	failure: 'Check these against your key\'s "uaa" part. The top "url" is a usual mix-up.',
	'confirm-key': 'All three came from "uaa". The top "url" is the API, kept for later.',
	picker: 'A profile keeps one key\'s "uaa" values under a name, to skip typing.',
};

/** Browser steps (1-based) the topic matches; the signing-in screen is doing the first three at once. */
const topicBrowserSteps: Record<GuideTopic, readonly number[]> = {
	url: [1],
	clientid: [2],
	clientsecret: [3],
	'signing-in': [1, 2, 3],
	result: [4],
	failure: [],
	'confirm-key': [],
	picker: [],
};

export type GlossaryEntry = {readonly term: string; readonly meaning: string};

// Each fits one line at 38 columns, the narrowest the panel is drawn at.
export const glossary: readonly GlossaryEntry[] = [
	{term: 'bearer', meaning: 'anyone holding it can use it'},
	{term: 'scope', meaning: 'what the token lets you do'},
	{term: 'jti', meaning: "the token's unique id (for logs)"},
	{term: 'expires_in', meaning: 'seconds left, 43199 = 12 h'},
	{term: 'client credentials', meaning: 'an app, not a user'},
];

// While "?" would be typed into a field, the title offers no key rather than one that would not work.
const closeHints = {open: '? close guide', typing: ''};
const spokenTitles = {open: 'Guide. Press question mark to close it.', typing: 'Guide.'};
/** The narrowest a section is drawn at: the drawing and its markers need 38 columns. */
const sectionWidth = 38;
const columnGap = 2;
/** The side panel's border and the space after it. */
const sideFrameWidth = 2;

const toneStyles = {
	current: {bold: true, color: 'cyan'},
	warning: {color: 'yellow'},
	aside: {dimColor: true},
} as const;

/** The drawing read linearly: which fields matter now and why, fields of one section sharing a marker named together. */
function drawingLabel(marks: Partial<Record<KeyField, Mark>>): string {
	const groups = new Map<string, {section: string; mark: Mark; names: string[]}>();
	for (const line of keyDrawing) {
		const mark = line.field ? marks[line.field] : undefined;
		if (line.field && mark) {
			const {section, name} = fieldPlaces[line.field];
			const group = groups.get(`${section} ${mark.text}`) ?? {section, mark, names: []};
			group.names.push(name);
			groups.set(`${section} ${mark.text}`, group);
		}
	}

	const parts = [...groups.values()].map(({section, mark, names}) => {
		const last = names.at(-1) ?? '';
		const subject = names.length === 1 ? last : `${names.slice(0, -1).join(', ')} and ${last}`;
		return `${section} ${subject} ${names.length === 1 ? 'is' : 'are'} ${mark.spoken}`;
	});
	return parts.length === 0
		? "A service key holds a top-level url, the service's API, and a uaa section with clientid, clientsecret and url."
		: `In the service key: ${parts.join('; ')}.`;
}

function KeyDrawing({topic}: {readonly topic: GuideTopic}) {
	const marks = topicMarks[topic];
	return (
		<Box flexDirection="column">
			<Text bold>Your service key, abridged:</Text>
			<Box flexDirection="column" aria-label={drawingLabel(marks)}>
				{keyDrawing.map(line => {
					const mark = line.field ? marks[line.field] : undefined;
					return mark ? (
						<Text key={line.text} {...toneStyles[mark.tone]}>
							{line.text.padEnd(markerColumn)}
							{mark.text}
						</Text>
					) : (
						<Text key={line.text}>{line.text}</Text>
					);
				})}
			</Box>
			{/* Read by screen readers as one sentence. */}
			<WrappedText aria-label={topicNotes[topic]}>{topicNotes[topic]}</WrappedText>
		</Box>
	);
}

/** The marker column before each browser step: ">" for the ones matching this moment. */
const markerWidth = 2;

/** SAP's four browser steps; the URL to open sits on rows of its own, in a section `width` columns wide. */
function BrowserSteps({topic, url, width}: {readonly topic: GuideTopic; readonly url: string; readonly width: number}) {
	const browserUrl = browserUrlFor(url);
	const steps = [`Open ${browserUrl}`, 'Type clientid as Username', 'Type clientsecret as Password', 'It shows the token as JSON'];
	const current = topicBrowserSteps[topic];
	return (
		<Box flexDirection="column">
			<Text bold>In a browser (SAP&apos;s tutorial):</Text>
			{steps.map((step, index) => {
				const number = index + 1;
				const isCurrent = current.includes(number);
				const style = {bold: isCurrent, color: isCurrent ? 'cyan' : undefined};
				return (
					<Box key={number} aria-label={`Browser step ${number}${isCurrent ? ', the one for now' : ''}: ${step}.`}>
						<Box width={markerWidth} flexShrink={0}>
							<Text bold color="cyan">
								{isCurrent ? '>' : ' '}
							</Text>
						</Box>
						{number === 1 ? (
							// Rows under the step's number, as wrapped step text sits, leave the URL the most room.
							<Box flexDirection="column">
								<Text {...style}>{number}. Open</Text>
								{browserUrlRows(browserUrl, width - markerWidth).map((row, rowIndex) => (
									// Rows are positions: a piece cut at the row's end may repeat.
									<Text key={rowIndex} {...style} wrap="truncate-end">
										{row}
									</Text>
								))}
							</Box>
						) : (
							<WrappedText {...style}>
								{number}. {step}
							</WrappedText>
						)}
					</Box>
				);
			})}
		</Box>
	);
}

/** The glossary, one entry a line, or two to a line when it has a full-width row to itself. */
function Glossary({isPaired, columnWidth}: {readonly isPaired: boolean; readonly columnWidth: number}) {
	return (
		<Box flexDirection="column">
			<Text bold>Words:</Text>
			<Box flexDirection={isPaired ? 'row' : 'column'} flexWrap="wrap" columnGap={columnGap}>
				{glossary.map(entry => (
					<Box key={entry.term} width={isPaired ? columnWidth : undefined}>
						<WrappedText>
							<Text bold>{entry.term}</Text>: {entry.meaning}
						</WrappedText>
					</Box>
				))}
			</Box>
		</Box>
	);
}

/** The one section a short terminal shows: the one this moment of the flow needs most. */
const compactSections: Record<GuideTopic, 'key' | 'browser' | 'words'> = {
	picker: 'key',
	url: 'key',
	clientid: 'key',
	clientsecret: 'key',
	'confirm-key': 'key',
	'signing-in': 'browser',
	failure: 'browser',
	result: 'words',
};

/**
 * The tutorial part this moment belongs to. The answer also says part 2 happened: its own screen, signing in, often
 * lasts a millisecond, so a beginner would otherwise never see "Get the token".
 */
function TutorialHeading({topic, isCompact}: {readonly topic: GuideTopic; readonly isCompact: boolean}) {
	const number = tutorialPartFor(topic);
	if (number === undefined) {
		return null;
	}

	return (
		<Box flexDirection="column">
			{topic === 'result' ? (
				<WrappedText>
					<Text color="green">✓ {tutorialPartName(2)}</Text>
					{isCompact ? '' : ': uaa-token sent the values, as browser steps 1-3 do.'}
				</WrappedText>
			) : null}
			<WrappedText bold color="cyan">
				{tutorialPartName(number)}
			</WrappedText>
		</Box>
	);
}

type CloseKey = keyof typeof closeHints;

function SideTitle({closeKey}: {readonly closeKey: CloseKey}) {
	return (
		<Box justifyContent="space-between" columnGap={1} aria-label={spokenTitles[closeKey]}>
			<Text bold>Guide</Text>
			<Text dimColor>{closeHints[closeKey]}</Text>
		</Box>
	);
}

/** A rule across the full width with the title in it: the line that parts the guide from the wizard above it. */
function BottomTitle({width, closeKey}: {readonly width: number; readonly closeKey: CloseKey}) {
	const [before, title, after] = ['─ ', 'Guide', closeHints[closeKey] === '' ? ' ─' : ` ${closeHints[closeKey]} ─`];
	const rule = width - before.length - title.length - after.length - 1;
	if (rule < 1) {
		return <SideTitle closeKey={closeKey} />;
	}

	return (
		<Box aria-label={spokenTitles[closeKey]}>
			<Text dimColor>{before}</Text>
			<Text bold>{title}</Text>
			<Text dimColor>
				{' '}
				{'─'.repeat(rule)}
				{after}
			</Text>
		</Box>
	);
}

/**
 * What the browser tutorial does at this moment of the flow, next to the drawing of a service key. Presentational:
 * it takes the url typed so far but never the secret, and the caller decides when it shows and where.
 */
export function GuidePanel({topic, url, layout, width, isTutorial = false, isCompact = false, canCloseWithKey = true}: GuidePanelProps) {
	const closeKey: CloseKey = canCloseWithKey ? 'open' : 'typing';
	// A screen reader reads boxes in a row as one line, so there every section and entry gets a line of its own.
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	const heading = isTutorial ? <TutorialHeading topic={topic} isCompact={isCompact} /> : null;
	if (isCompact) {
		const section = compactSections[topic];
		return (
			<Box flexDirection="column" width={width} flexShrink={0}>
				<BottomTitle width={width} closeKey={closeKey} />
				{heading}
				{section === 'key' ? <KeyDrawing topic={topic} /> : null}
				{section === 'browser' ? <BrowserSteps topic={topic} url={url} width={width} /> : null}
				{section === 'words' ? <Glossary isPaired={false} columnWidth={width} /> : null}
				<WrappedText dimColor>A taller terminal shows the whole guide.</WrappedText>
			</Box>
		);
	}

	if (layout === 'side') {
		return (
			<Box
				flexDirection="column"
				width={width}
				flexShrink={0}
				paddingLeft={1}
				borderStyle="single"
				borderTop={false}
				borderRight={false}
				borderBottom={false}
				borderDimColor
			>
				<SideTitle closeKey={closeKey} />
				{heading}
				<KeyDrawing topic={topic} />
				<BrowserSteps topic={topic} url={url} width={width - sideFrameWidth} />
				<Glossary isPaired={false} columnWidth={width - sideFrameWidth} />
			</Box>
		);
	}

	// Sections sit side by side when the terminal is wide enough, so the guide costs fewer rows below the wizard.
	// Whole columns each: Yoga's fractional widths let wrapped text spill a column into its neighbour.
	const columns = isScreenReaderEnabled ? 1 : Math.max(1, Math.min(3, Math.floor((width + columnGap) / (sectionWidth + columnGap))));
	const columnWidth = Math.floor((width - columnGap * (columns - 1)) / columns);
	return (
		<Box flexDirection="column" width={width} flexShrink={0}>
			<BottomTitle width={width} closeKey={closeKey} />
			{heading}
			<Box flexDirection={columns === 1 ? 'column' : 'row'} flexWrap="wrap" columnGap={columnGap}>
				<Box width={columnWidth}>
					<KeyDrawing topic={topic} />
				</Box>
				<Box width={columnWidth}>
					<BrowserSteps topic={topic} url={url} width={columnWidth} />
				</Box>
				{/* With two columns the glossary takes a row of its own, its words two to a line. */}
				<Box width={columns === 2 ? width : columnWidth}>
					<Glossary isPaired={columns === 2} columnWidth={columnWidth} />
				</Box>
			</Box>
		</Box>
	);
}
