import {useCallback, useReducer} from 'react';
import {initialScrollState, type ScrollBy, scrollActionForKey, type ScrollKey, scrollReducer, type ScrollState} from './scroll-state.js';

export type Scroll = {
	state: ScrollState;
	/** For ScrollView's offset prop. */
	offset: number;
	/** For ScrollView's onMeasure prop. */
	onMeasure: (contentRows: number, viewportRows: number) => void;
	scroll: (by: ScrollBy) => void;
	/** Scrolls when the key is a scrolling key and says whether it was, so the caller can stop routing it. */
	handleKey: (key: ScrollKey, canUseLetters: boolean) => boolean;
};

/** The scroll reducer wired for one ScrollView. React applies queued actions in order, so a burst of keys loses none. */
export function useScroll(): Scroll {
	const [state, dispatch] = useReducer(scrollReducer, initialScrollState);
	const onMeasure = useCallback((contentRows: number, viewportRows: number) => {
		dispatch({type: 'measured', contentRows, viewportRows});
	}, []);
	const scroll = useCallback((by: ScrollBy) => {
		dispatch({type: 'scroll', by});
	}, []);
	const handleKey = useCallback((key: ScrollKey, canUseLetters: boolean) => {
		const by = scrollActionForKey(key, canUseLetters);
		if (by !== undefined) {
			dispatch({type: 'scroll', by});
		}

		return by !== undefined;
	}, []);
	return {state, offset: state.offset, onMeasure, scroll, handleKey};
}
