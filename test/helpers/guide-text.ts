// What the guide says, written out as a user reads it, for the tests of the panel, the app and the terminal alike.

export const placeholderBrowserUrl = 'https://<subdomain>.authentication.<region>.hana.ondemand.com/oauth/token?grant_type=client_credentials';

export const glossaryLines = [
	'bearer: anyone holding it can use it',
	'scope: what the token lets you do',
	"jti: the token's unique id (for logs)",
	'expires_in: seconds left, 43199 = 12 h',
	'client credentials: an app, not a user',
];

/** The guide's heading for each part of --tutorial: "parts", so they never read against the wizard's "Step 3/3". */
export const partHeadings = {
	findTheValues: 'Part 1 of 3: Find the values',
	getTheToken: 'Part 2 of 3: Get the token',
	readTheAnswer: 'Part 3 of 3: Read the answer',
} as const;

/** Above the answer's heading, part 2 shown done: its own screen may last a millisecond. A compact guide shows this row alone. */
export const getTheTokenDone = '✓ Part 2 of 3: Get the token';

/** The same, read as one line, where the whole guide shows. */
export const getTheTokenDoneInFull = `${getTheTokenDone}: uaa-token sent the values, as browser steps 1-3 do.`;

/** After "what the browser calls Password": why the practice secret, holding a "+", fails in a browser and works here. */
export const browserSecretLesson = 'A browser sends it unencoded, so a "+" in it is read as a space and fails there; uaa-token encodes it, so it works.';
