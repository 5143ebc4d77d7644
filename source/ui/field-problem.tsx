import {Text} from 'ink';

/** Why the value of the field above cannot be used, in red under it: every step's field shows it the same way. */
export function FieldProblem({problem}: {readonly problem?: string}) {
	return problem ? (
		<Text color="red" wrap="wrap">
			{'✗ '}
			{problem}
		</Text>
	) : null;
}
