// The profile store with conf loaded from the start, for callers that may meet profile files of an older shape at
// once: the profile list, and tests. A separate module, so only they pay for loading conf.

import Conf from 'conf';
import {createProfileStore, type OpenStoreOptions, type ProfileStore} from './profile-store.js';

export function openProfileStore(options: OpenStoreOptions = {}): ProfileStore {
	return createProfileStore({...options, confClass: Conf});
}

/** Lets a store opened without conf migrate older files from now on. */
export function attachMigrations(store: ProfileStore): void {
	store.attachConf(Conf);
}
