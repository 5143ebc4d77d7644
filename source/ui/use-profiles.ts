// The saved profiles as the app shows them, the notices above the screen, and what a failed write leaves for the exit
// code. Keys read profilesNow, which must see a reload that the key before them caused.

import {type MutableRefObject, useCallback, useRef, useState} from 'react';
import {describeLocalFileError, isLocalFileError} from '../errors/local-file.js';
import type {Profile, ProfileStore} from '../profiles/profile-store.js';

export type Profiles = {
	readonly profiles: Profile[];
	readonly profilesNow: MutableRefObject<Profile[]>;
	readonly notices: string[];
	readonly setNotices: (update: string[] | ((current: string[]) => string[])) => void;
	/** Reads the profiles again, adding any new warning of the store's to the notices. */
	readonly reload: () => void;
	/** Words for a failed write; a local file problem is remembered for the exit code and says what to do. */
	readonly problemOf: (error: unknown) => string;
	/** The title of a profile file that could not be read or written: q then exits 4, as the scripted path does. */
	readonly localFileFailure: MutableRefObject<string | undefined>;
};

export function useProfiles(store: ProfileStore | undefined, initialNotices: readonly string[]): Profiles {
	const localFileFailure = useRef<string | undefined>(undefined);
	/** The profiles, or none and a notice when their directory may not be used (another user's, say). */
	const listProfiles = useCallback((): {profiles: Profile[]; problem?: string} => {
		try {
			return {profiles: store?.list() ?? []};
		} catch (error) {
			if (!isLocalFileError(error)) {
				throw error;
			}

			const {title, whatToDo} = describeLocalFileError(error);
			localFileFailure.current = title;
			return {profiles: [], problem: `Profiles cannot be used: ${title}. ${whatToDo}`};
		}
	}, [store]);
	const [firstList] = useState(listProfiles);
	const [profiles, setProfilesState] = useState<Profile[]>(() => firstList.profiles);
	const profilesNow = useRef(profiles);
	const [notices, setNotices] = useState<string[]>(() => [...initialNotices, ...(store?.warnings.splice(0) ?? []), ...(firstList.problem ? [firstList.problem] : [])]);

	const reload = useCallback(() => {
		if (store) {
			const listed = listProfiles();
			profilesNow.current = listed.profiles;
			setProfilesState(listed.profiles);
			const warnings = [...store.warnings.splice(0), ...(listed.problem ? [listed.problem] : [])];
			if (warnings.length > 0) {
				setNotices(current => [...current.filter(notice => !warnings.includes(notice)), ...warnings]);
			}
		}
	}, [store, listProfiles]);

	const problemOf = useCallback((error: unknown): string => {
		if (isLocalFileError(error)) {
			const {title, whatToDo} = describeLocalFileError(error);
			localFileFailure.current = title;
			return `${title}. ${whatToDo}`;
		}

		return error instanceof Error ? error.message : String(error);
	}, []);

	return {profiles, profilesNow, notices, setNotices, reload, problemOf, localFileFailure};
}
