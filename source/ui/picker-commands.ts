// What the picker's keys do to the saved profiles and to the app: open, edit, delete, rename, start a wizard.

import {noteProfileOpened, reusableToken} from '../core/token-workflow.js';
import {keyExtrasOf} from '../oauth/credentials.js';
import type {Profile, ProfileStore} from '../profiles/profile-store.js';
import {cleanOutsideText} from '../text/outside-text.js';
import type {PickerCommands} from './picker/picker-keys.js';
import type {Profiles} from './use-profiles.js';
import type {ProfileValues, WizardAction} from './wizard-state.js';

export type PickerCommandOptions = {
	readonly store?: ProfileStore;
	readonly profiles: Profiles;
	readonly dispatch: (action: WizardAction) => void;
	readonly now: () => number;
	/** Starts the practice server for "Try the demo"; undefined when it is already running, so the wizard opens at once. */
	readonly startDemo: () => Promise<void> | undefined;
	readonly quit: () => void;
	readonly toggleGuide: () => void;
};

export function profileValues(profile: Profile): ProfileValues {
	return {
		name: profile.name,
		url: profile.url,
		clientId: profile.clientId,
		clientSecret: profile.clientSecret,
		extras: keyExtrasOf(profile),
		...(profile.signIn ? {signIn: profile.signIn, hasRefreshToken: profile.token?.refreshToken !== undefined} : {}),
	};
}

/**
 * Opens a profile: its cached token while it has time to spare (unless isFresh), else a request, or the secret step
 * when it has no saved secret; the reducer decides which. A profile gone from disk says so and shows the list again.
 */
export function openProfile({store, profiles, dispatch, now}: Pick<PickerCommandOptions, 'store' | 'profiles' | 'dispatch' | 'now'>, name: string, isFresh: boolean): void {
	const profile = store?.get(name);
	if (!store || !profile) {
		profiles.reload();
		profiles.setNotices(current => [...current, `The profile "${name}" no longer exists.`]);
		dispatch({type: 'open-picker'});
		return;
	}

	const cachedToken = isFresh ? undefined : reusableToken(profile, now());
	if (cachedToken) {
		noteProfileOpened(store, profile, now());
	}

	dispatch({type: 'open-profile', profile: profileValues(profile), ...(cachedToken ? {cachedToken} : {})});
}

export function pickerCommands(options: PickerCommandOptions): PickerCommands {
	const {store, profiles, dispatch} = options;
	const {setNotices} = profiles;
	return {
		onChoose(name) {
			setNotices([]);
			openProfile(options, name, false);
		},
		onNew() {
			setNotices([]);
			dispatch({type: 'start-new'});
		},
		onSignInAsUser() {
			setNotices([]);
			dispatch({type: 'start-new', signInAs: {}});
		},
		onImport() {
			setNotices([]);
			dispatch({type: 'start-new', notice: 'Paste the whole service key into the url step, or type the path of its file, then press Enter.'});
		},
		onDemo() {
			setNotices([]);
			const starting = options.startDemo();
			if (!starting) {
				dispatch({type: 'start-new'});
				return;
			}

			starting.then(
				() => {
					dispatch({type: 'start-new'});
				},
				(error: unknown) => {
					setNotices([`The demo server could not start: ${error instanceof Error ? error.message : String(error)}`]);
				},
			);
		},
		onEdit(name) {
			const profile = store?.get(name);
			if (profile) {
				setNotices([]);
				dispatch({type: 'edit-profile', profile: profileValues(profile)});
			}
		},
		onDelete(name) {
			try {
				const removed = store?.remove(name) ?? [];
				const profilePath = store?.pathOf(name);
				setNotices([
					`Deleted the profile "${name}".`,
					// Its leftovers may hold its secret too: each is named, so the user knows what went.
					...removed
						.filter(path => path !== profilePath)
						.map(path => `Also removed ${cleanOutsideText(path)}, ${path.includes('.corrupt-') ? 'a copy moved aside when it could not be read' : 'a temporary file of an interrupted save'}.`),
				]);
			} catch (error) {
				setNotices([`The profile "${name}" was not deleted: ${profiles.problemOf(error)}`]);
			}

			profiles.reload();
		},
		onRename(from, to) {
			try {
				store?.rename(from, to);
				setNotices([`Renamed "${from}" to "${to}".`]);
				profiles.reload();
				return undefined;
			} catch (error) {
				return error instanceof Error ? error.message : String(error);
			}
		},
		onQuit: options.quit,
		onToggleGuide: options.toggleGuide,
		onPasteKey(text) {
			setNotices([]);
			dispatch({type: 'paste-key', text});
		},
	};
}
