// The profile store with conf loaded from the start, for callers that may write at once: scripts and tests.

import Conf from 'conf';
import {createProfileStore, type OpenStoreOptions, type ProfileStore} from './profile-store.js';

export function openProfileStore(options: OpenStoreOptions = {}): ProfileStore {
	return createProfileStore({...options, confClass: Conf});
}
