import {useReducer, useRef} from 'react';
import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import {tokenStateOf, describeTokenState} from '../../format/token-state.js';
import type {Profile} from '../../profiles/profile-store.js';
import {KeyHints} from '../key-hints.js';
import {useColumns} from '../use-columns.js';
import {useNow} from '../use-now.js';
import {initialPickerState, type PickerEntry, pickerEntries, pickerReducer} from './picker-state.js';

export type PickerProps = {
	readonly profiles: readonly Profile[];
	readonly canTryDemo: boolean;
	readonly now?: () => number;
	readonly onChoose: (name: string) => void;
	readonly onNew: () => void;
	readonly onImport: () => void;
	readonly onDemo: () => void;
	readonly onEdit: (name: string) => void;
	readonly onDelete: (name: string) => void;
	/** Returns a problem to show, or undefined once renamed. */
	readonly onRename: (from: string, to: string) => string | undefined;
	readonly onQuit: () => void;
	readonly isGuideOpen?: boolean;
	/** Opens or closes the guide panel. */
	readonly onToggleGuide?: () => void;
};

const fixedEntries = {
	new: ['+ New profile', 'enter url, clientid and clientsecret'],
	import: ['+ Import service key', 'from a file, or pasted'],
	demo: ['* Try the demo', 'a practice server, no SAP account needed'],
} as const;

const stateColors = {none: 'gray', valid: 'green', expiring: 'yellow', expired: 'red'} as const;
// Letters that act on the selected profile while no filter is typed; typing anything else starts a filter.
const commandKeys = new Set(['d', 'r', 'e', 'q']);

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
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
			</Text>
		</Text>
	);
}

export function Picker({profiles, canTryDemo, now: clock, onChoose, onNew, onImport, onDemo, onEdit, onDelete, onRename, onQuit, isGuideOpen = false, onToggleGuide}: PickerProps) {
	const [state, dispatch] = useReducer(pickerReducer, initialPickerState);
	const now = useNow(clock);
	const isNarrow = useColumns() < 60;
	const entries = pickerEntries(profiles, state.filter, canTryDemo);
	const cursor = Math.min(state.cursor, entries.length - 1);
	const selected = entries[cursor];
	const selectedProfile = selected?.kind === 'profile' ? selected.profile : undefined;
	const nameWidth = Math.max(...profiles.map(profile => profile.name.length), 4);

	// Read through a ref: Ink re-subscribes this handler only after effects run, and a key pressed right after a
	// frame must act on what that frame shows.
	const latest = useRef({state, entries, selected, selectedProfile});
	latest.current = {state, entries, selected, selectedProfile};

	useInput((input, key) => {
			// Ink marks Esc as meta too, so only other meta keys are ignored.
			if (key.ctrl || (key.meta && !key.escape)) {
				return;
			}

			const {state, entries, selected, selectedProfile} = latest.current;
			const {mode} = state;
			if (mode.kind === 'confirm-delete') {
				if (input === 'y' || input === 'Y') {
					onDelete(mode.name);
				}

				dispatch({type: 'close-dialog'});
				return;
			}

			if (mode.kind === 'rename') {
				if (key.escape) {
					dispatch({type: 'close-dialog'});
				}

				return;
			}

			if (key.upArrow || key.downArrow) {
				dispatch({type: 'move', delta: key.upArrow ? -1 : 1, entryCount: entries.length});
			} else if (key.return) {
				if (selected?.kind === 'profile') {
					onChoose(selected.profile.name);
				} else if (selected?.kind === 'new') {
					onNew();
				} else if (selected?.kind === 'import') {
					onImport();
				} else if (selected?.kind === 'demo') {
					onDemo();
				}
			} else if (input === '?' && onToggleGuide) {
				// Profile names hold no "?", so it never belongs to a filter.
				onToggleGuide();
			} else if (key.escape) {
				dispatch({type: 'filter-clear'});
			} else if (key.backspace || key.delete) {
				dispatch({type: 'filter-erase'});
			} else if (state.filter === '' && commandKeys.has(input)) {
				if (input === 'q') {
					onQuit();
				} else if (selectedProfile && input === 'd') {
					dispatch({type: 'ask-delete', name: selectedProfile.name});
				} else if (selectedProfile && input === 'r') {
					dispatch({type: 'ask-rename', name: selectedProfile.name});
				} else if (selectedProfile && input === 'e') {
					onEdit(selectedProfile.name);
				}
			} else if (input !== '' && !key.tab && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown) {
				// eslint-disable-next-line no-control-regex -- control characters do not belong in a filter
				const text = input.replace(/[\u0000-\u001F\u007F]/g, '');
				if (text !== '') {
					dispatch({type: 'filter-type', text});
				}
			}
		},
	);

	const {mode} = state;
	return (
		<Box flexDirection="column">
			<Box columnGap={1} flexWrap="wrap">
				<Text bold>Saved profiles</Text>
				{state.filter === '' ? <Text dimColor>(type to filter)</Text> : <Text color="cyan">filter: {state.filter}</Text>}
			</Box>
			{entries.length === (canTryDemo ? 3 : 2) && profiles.length > 0 ? <Text dimColor>No profile matches "{state.filter}".</Text> : null}
			{entries.map((entry, index) => (
				<EntryRow
					key={entry.kind === 'profile' ? `profile-${entry.profile.name}` : entry.kind}
					entry={entry}
					isSelected={index === cursor}
					nameWidth={nameWidth}
					isNarrow={isNarrow}
					now={now}
				/>
			))}
			{mode.kind === 'confirm-delete' ? (
				<Box marginTop={1}>
					<Text color="yellow" wrap="wrap">
						Delete the profile "{mode.name}", with its saved secret and token? <Text bold>y</Text> deletes, any other key keeps it.
					</Text>
				</Box>
			) : null}
			{mode.kind === 'rename' ? (
				<Box marginTop={1} flexDirection="column">
					<Text>Rename "{mode.name}" to:</Text>
					<Box>
						<Text color="cyan">{'> '}</Text>
						<TextInput
							value={mode.value}
							onChange={value => {
								dispatch({type: 'rename-change', value});
							}}
							onSubmit={value => {
								const problem = onRename(mode.name, value.trim());
								dispatch(problem ? {type: 'rename-failed', problem} : {type: 'close-dialog'});
							}}
						/>
					</Box>
					{mode.problem ? (
						<Text color="red" wrap="wrap">
							✗ {mode.problem}
						</Text>
					) : null}
				</Box>
			) : null}
			<KeyHints
				hints={
					mode.kind === 'rename'
						? [
								{keys: 'Enter', action: 'rename'},
								{keys: 'Esc', action: 'cancel'},
							]
						: state.filter === ''
							? [
									{keys: '↑↓', action: 'move'},
									{keys: 'Enter', action: 'choose'},
									{keys: 'type', action: 'filter'},
									{keys: 'd', action: 'delete'},
									{keys: 'r', action: 'rename'},
									{keys: 'e', action: 'edit'},
									...(onToggleGuide ? [{keys: '?', action: isGuideOpen ? 'hide guide' : 'guide'}] : []),
									{keys: 'q', action: 'quit'},
								]
							: [
									{keys: '↑↓', action: 'move'},
									{keys: 'Enter', action: 'choose'},
									{keys: 'Esc', action: 'clear filter'},
								]
				}
			/>
		</Box>
	);
}
