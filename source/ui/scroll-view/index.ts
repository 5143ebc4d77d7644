export {defaultScrollHint, ScrollView, type ScrollViewProps} from './scroll-view.js';
export {
	initialScrollState,
	scrollActionForKey,
	type ScrollAction,
	type ScrollBy,
	type ScrollKey,
	scrollReducer,
	type ScrollState,
	scrollWindow,
	type ScrollWindow,
} from './scroll-state.js';
export {type Scroll, useScroll} from './use-scroll.js';
