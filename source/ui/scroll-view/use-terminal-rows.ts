import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

const fallbackRows = 24;

/** The terminal's height, kept current across resizes: what a ScrollView's height is worked out from. */
export function useTerminalRows(): number {
	const {stdout} = useStdout();
	const [rows, setRows] = useState(stdout.rows || fallbackRows);
	useEffect(() => {
		const onResize = () => {
			setRows(stdout.rows || fallbackRows);
		};

		// The height may have changed between the first render and this effect.
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return rows;
}
