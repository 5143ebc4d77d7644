import {userTokenLabel} from '../../presentation/user-token.js';
import {useRef} from 'react';
import {Box, Text} from 'ink';
import {tokenStateOf, describeTokenState} from '../../presentation/token-state.js';
import {hostOfUrl} from '../../profiles/profile-host.js';
import type {Profile} from '../../profiles/profile-store.js';
import {useColumns} from '../use-columns.js';
import {useNow} from '../use-now.js';
import {TextField} from '../text-field/index.js';
import type {PickerEntry, PickerState} from './picker-state.js';
import {pickerWindow} from './picker-window.js';

export type PickerProps = {
	readonly state: PickerState;
	readonly profiles: readonly Profile[];
	/** The profiles matching the filter, then the fixed entries: pickerEntries, worked out once by the app. */
	readonly entries: readonly PickerEntry[];
	readonly now?: () => number;
	/** Rows the list may take; the picker shows a window over longer lists. */
	readonly listRows: number;
};

const fixedEntries = {
	new: ['+ New profile', 'enter url, clientid and clientsecret'],
	user: ['+ Sign in as a user', 'a user token: browser, password or passcode'],
	import: ['+ Import service key', 'from a file, or pasted'],
	demo: ['* Try the demo', 'a practice server, no SAP account needed'],
} as const;

const stateColors = {none: 'gray', valid: 'green', expiring: 'yellow', expired: 'red'} as const;

function hostOf(url: string): string {
	return hostOfUrl(url) ?? url;
}

function EntryRow({entry, isSelected, nameWidth, isNarrow, now}: {readonly entry: PickerEntry; readonly isSelected: boolean; readonly nameWidth: number; readonly isNarrow: boolean; readonly now: number}) {
	const pointer = <Text color="cyan">{isSelected ? '› ' : '  '}</Text>;
	if (entry.kind !== 'profile') {
		const [label, description] = fixedEntries[entry.kind];
		return (
			<Text wrap="truncate-end">
				{pointer}
				<Text bold={isSelected}>{label}</Text>
				{/* On narrow terminals the description would wrap under the pointer, so it is left out. */}
				{isNarrow ? null : <Text dimColor>  {description}</Text>}
			</Text>
		);
	}

	const {profile} = entry;
	const state = tokenStateOf(profile.token?.expiresAt, now);
	const stateText = <Text color={stateColors[state]}>{describeTokenState(profile.token?.expiresAt, now)}</Text>;
	if (isNarrow) {
		return (
			<Box flexDirection="column">
				<Text wrap="wrap">
					{pointer}
					<Text bold={isSelected}>{profile.name}</Text> {stateText}
				</Text>
				<Text dimColor wrap="wrap">
					{'    '}
					{hostOf(profile.url)}
				</Text>
				{/* One row of its own, without the user's name and cut at the edge, so the window can count its rows. */}
				{profile.signIn ? (
					<Text dimColor wrap="truncate-end">
						{'    '}
						{userTokenLabel({method: profile.signIn.method})}
					</Text>
				) : null}
			</Box>
		);
	}

	return (
		<Text wrap="truncate-end">
			{pointer}
			<Text bold={isSelected}>{profile.name.padEnd(nameWidth)}</Text>
			{'  '}
			{stateText}
			<Text dimColor>
				{'  '}
				{hostOf(profile.url)}
				{profile.signIn ? `  ${userTokenLabel(profile.signIn)}` : ''}
			</Text>
		</Text>
	);
}

/** Below this width a profile's host goes on a second row. */
const narrowBelowColumns = 60;

/** How far PgUp and PgDn move: the entries a window shows, less one kept in view for the eye. */
export function pickerPageSize(bodyRows: number, mode: PickerState['mode'], columns: number): number {
	const rowsPerEntry = columns < narrowBelowColumns ? 2 : 1;
	return Math.max(1, Math.floor((pickerListRows(bodyRows, mode) - 1) / rowsPerEntry) - 1);
}

/** A narrow terminal gives a profile a row for its host, and a user's profile one more for how it signs in. */
function narrowRowsOf(entry: PickerEntry | undefined, isNarrow: boolean): number {
	if (!isNarrow || entry?.kind !== 'profile') {
		return 1;
	}

	return entry.profile.signIn ? 3 : 2;
}

/** Rows for the list with its more-lines: the body's rows less the title, a no-match line and a dialog. */
export function pickerListRows(bodyRows: number, mode: PickerState['mode']): number {
	return Math.max(3, bodyRows - 2 - (mode.kind === 'browse' ? 0 : 4));
}

export function Picker({state, profiles, entries, now: clock, listRows}: PickerProps) {
	const now = useNow(clock);
	const isNarrow = useColumns() < narrowBelowColumns;
	const filter = state.filter.value;
	const cursor = Math.min(state.cursor, entries.length - 1);
	const nameWidth = Math.min(40, Math.max(4, ...profiles.map(profile => profile.name.length)));
	// A narrow row takes two lines; the window keeps its place from one frame to the next, so the list moves only when the cursor would leave it.
	const previousStart = useRef(0);
	const window = pickerWindow({
		entryCount: entries.length,
		cursor,
		visibleRows: listRows,
		previousStart: previousStart.current,
		rowsOfEntry: index => narrowRowsOf(entries[index], isNarrow),
	});
	previousStart.current = window.start;

	const {mode} = state;
	return (
		<Box flexDirection="column">
			<Box columnGap={1} flexWrap="wrap">
				<Text bold>Saved profiles</Text>
				{filter === '' ? <Text dimColor>(type to filter)</Text> : <TextField field={state.filter} label="filter" prompt="filter: " />}
			</Box>
			{profiles.length > 0 && !entries.some(entry => entry.kind === 'profile') ? <Text dimColor>No profile matches "{filter}".</Text> : null}
			{window.hiddenAbove > 0 ? <Text dimColor>  ↑ {window.hiddenAbove} more</Text> : null}
			{entries.slice(window.start, window.end).map((entry, index) => (
				<EntryRow
					key={entry.kind === 'profile' ? `profile-${entry.profile.name}` : entry.kind}
					entry={entry}
					isSelected={window.start + index === cursor}
					nameWidth={nameWidth}
					isNarrow={isNarrow}
					now={now}
				/>
			))}
			{window.hiddenBelow > 0 ? <Text dimColor>  ↓ {window.hiddenBelow} more</Text> : null}
			{mode.kind === 'confirm-delete' ? (
				<Box marginTop={1}>
					<Text color="yellow" wrap="wrap">
						Delete the profile "{mode.name}"{describeSaved(profiles.find(profile => profile.name === mode.name))}? <Text bold>y</Text> deletes, any other key keeps it.
					</Text>
				</Box>
			) : null}
			{mode.kind === 'rename' ? (
				<Box marginTop={1} flexDirection="column">
					<Text>Rename "{mode.name}" to:</Text>
					<TextField field={mode.field} label="new name" />
					{mode.problem ? (
						<Text color="red" wrap="wrap">
							✗ {mode.problem}
						</Text>
					) : null}
				</Box>
			) : null}
		</Box>
	);
}

/** What a delete takes with the profile: only what it holds. */
function describeSaved(profile: Profile | undefined): string {
	const parts = [
		...(profile?.clientSecret === undefined ? [] : ['its saved secret']),
		...(profile?.certificate === undefined ? [] : ['its certificate and key']),
		...(profile?.token === undefined ? [] : ['its token']),
	];
	return parts.length === 0 ? '' : `, with ${parts.join(' and ')}`;
}
