// Where a scrolling viewport stands, as a pure reducer: keys become semantic scroll actions, measurements clamp them.

/** A scroll movement, already decided from a key: the reducer knows nothing about keys. */
export type ScrollBy = 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom';

export type ScrollAction =
	| {type: 'scroll'; by: ScrollBy}
	/** viewportRows is every row the ScrollView may take, its "↑ … more" and "↓ … more" lines included. */
	| {type: 'measured'; contentRows: number; viewportRows: number};

/** offset is the first content row shown; 0 until something is measured. */
export type ScrollState = {offset: number; contentRows: number; viewportRows: number};

export const initialScrollState: ScrollState = {offset: 0, contentRows: 0, viewportRows: 0};

export type ScrollWindow = {
	/** The offset, clamped to what the content and viewport allow. */
	offset: number;
	/** Content rows shown; the viewport's rows minus the indicator lines. */
	bodyRows: number;
	hiddenAbove: number;
	hiddenBelow: number;
	/** False when everything fits: then no indicator lines are drawn and the offset is 0. */
	isScrollable: boolean;
};

/**
 * What a viewport of viewportRows shows of contentRows rows at this offset. An indicator line is drawn only where
 * something is hidden, so the body is viewportRows - 1 at either end and viewportRows - 2 in between; the last
 * offset is the one where the body reaches the end with only the "↑" line above it.
 */
export function scrollWindow({contentRows, viewportRows, offset}: {contentRows: number; viewportRows: number; offset: number}): ScrollWindow {
	if (contentRows <= viewportRows) {
		return {offset: 0, bodyRows: contentRows, hiddenAbove: 0, hiddenBelow: 0, isScrollable: false};
	}

	const maxOffset = contentRows - Math.max(1, viewportRows - 1);
	const clamped = Math.min(maxOffset, Math.max(0, Math.trunc(offset) || 0));
	const indicatorRows = (clamped > 0 ? 1 : 0) + (clamped < maxOffset ? 1 : 0);
	// A viewport too small for its indicators still shows one row of content.
	const bodyRows = Math.min(contentRows - clamped, Math.max(1, viewportRows - indicatorRows));
	return {offset: clamped, bodyRows, hiddenAbove: clamped, hiddenBelow: contentRows - clamped - bodyRows, isScrollable: true};
}

function offsetAfter(state: ScrollState, by: ScrollBy): number {
	const current = scrollWindow(state);
	// A page keeps one row of the last page in view, as less and a browser do, so the eye keeps its place.
	const page = Math.max(1, current.bodyRows - 1);
	switch (by) {
		case 'line-up': {
			return current.offset - 1;
		}

		case 'line-down': {
			return current.offset + 1;
		}

		case 'page-up': {
			return current.offset - page;
		}

		case 'page-down': {
			return current.offset + page;
		}

		case 'top': {
			return 0;
		}

		case 'bottom': {
			return state.contentRows;
		}

		default: {
			const unhandled: never = by;
			return unhandled;
		}
	}
}

export function scrollReducer(state: ScrollState, action: ScrollAction): ScrollState {
	switch (action.type) {
		case 'scroll': {
			const {offset} = scrollWindow({...state, offset: offsetAfter(state, action.by)});
			return offset === state.offset ? state : {...state, offset};
		}

		case 'measured': {
			const contentRows = Math.max(0, Math.trunc(action.contentRows) || 0);
			const viewportRows = Math.max(0, Math.trunc(action.viewportRows) || 0);
			// Content that shrank, or a terminal that grew, pulls the offset back so no empty rows are scrolled to.
			const {offset} = scrollWindow({contentRows, viewportRows, offset: state.offset});
			const isSame = contentRows === state.contentRows && viewportRows === state.viewportRows && offset === state.offset;
			return isSame ? state : {offset, contentRows, viewportRows};
		}

		default: {
			const unhandled: never = action;
			return unhandled;
		}
	}
}

/** A key as the app's key decoder describes it: a name such as "up" or "pagedown", or typed text. */
export type ScrollKey = {name: string; ctrl?: boolean; meta?: boolean; text?: string};

/**
 * The scroll a key asks for, or undefined for keys that do not scroll. j and k count only where canUseLetters says no
 * text field has focus, since there they are letters being typed.
 */
export function scrollActionForKey(key: ScrollKey, canUseLetters: boolean): ScrollBy | undefined {
	if (key.ctrl || key.meta) {
		return undefined;
	}

	switch (key.name) {
		case 'up': {
			return 'line-up';
		}

		case 'down': {
			return 'line-down';
		}

		case 'pageup': {
			return 'page-up';
		}

		case 'pagedown': {
			return 'page-down';
		}

		case 'home': {
			return 'top';
		}

		case 'end': {
			return 'bottom';
		}

		default: {
			break;
		}
	}

	if (!canUseLetters) {
		return undefined;
	}

	const letter = key.text ?? key.name;
	return letter === 'k' ? 'line-up' : letter === 'j' ? 'line-down' : undefined;
}
