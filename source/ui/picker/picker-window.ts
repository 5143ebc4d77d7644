// Which of the picker's entries fit on screen: a window over the list that keeps the cursor in view, moving as little
// as it can, as ink-select-input's limit and @inkjs/ui's visibleOptionCount do.

export type PickerWindowInput = {
	entryCount: number;
	cursor: number;
	/** Every row the list may take, its "↑ … more" and "↓ … more" lines included. */
	visibleRows: number;
	/** Where the last window started, so moving the cursor scrolls only when it would leave the window. */
	previousStart?: number;
	/** Rows an entry takes (a narrow terminal puts a profile's host on a second row); 1 when left out. */
	rowsOfEntry?: (index: number) => number;
};

/** Entries start to end (end excluded) are drawn; a "↑ … more" line goes above them when hiddenAbove > 0, "↓ … more" below when hiddenBelow > 0. */
export type PickerWindow = {start: number; end: number; hiddenAbove: number; hiddenBelow: number};

const oneRow = () => 1;

export function pickerWindow({entryCount, cursor, visibleRows, previousStart = 0, rowsOfEntry = oneRow}: PickerWindowInput): PickerWindow {
	const count = Math.max(0, Math.trunc(entryCount));
	if (count === 0) {
		return {start: 0, end: 0, hiddenAbove: 0, hiddenBelow: 0};
	}

	const rows = Math.max(1, Math.trunc(visibleRows));
	const selected = Math.min(count - 1, Math.max(0, Math.trunc(cursor)));

	/** Where a window starting at start ends: as far as the rows go, less a row for each indicator line it needs. */
	function endFrom(start: number): number {
		let available = rows - (start > 0 ? 1 : 0);
		let remaining = 0;
		for (let index = start; index < count && remaining <= available; index++) {
			remaining += rowsOfEntry(index);
		}

		// Everything from start to the last entry fits, so no "↓ … more" line is needed.
		if (remaining <= available) {
			return count;
		}

		available -= 1;
		let end = start;
		while (end < count && rowsOfEntry(end) <= available) {
			available -= rowsOfEntry(end);
			end++;
		}

		// An entry taller than the whole window is still shown, cut off, rather than nothing at all.
		return Math.max(end, start + 1);
	}

	let start = Math.min(selected, Math.max(0, Math.trunc(previousStart)));
	while (selected >= endFrom(start)) {
		start++;
	}

	// A list that shrank (a filter) or a terminal that grew: start earlier while that still reaches the end, so no rows stay empty.
	while (start > 0 && endFrom(start - 1) === count) {
		start--;
	}

	const end = endFrom(start);
	return {start, end, hiddenAbove: start, hiddenBelow: count - end};
}
