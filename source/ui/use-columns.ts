import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

const fallbackColumns = 80;

/** The terminal's width, kept current across resizes, so narrow layouts can switch shape. */
export function useColumns(): number {
	const {stdout} = useStdout();
	const [columns, setColumns] = useState(stdout.columns || fallbackColumns);
	useEffect(() => {
		const onResize = () => {
			setColumns(stdout.columns || fallbackColumns);
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return columns;
}
