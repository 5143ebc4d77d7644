// Turns whatever a user pasted as the uaa `url` into the base url the token client needs.

/** What a uaa url looks like, for placeholders and hints. */
export const uaaUrlShape = 'https://<subdomain>.authentication.<region>.hana.ondemand.com';

export type UaaUrlCheck =
	| {
			isValid: true;
			/** The base url, without a trailing slash, /oauth/token or a query. */
			baseUrl: string;
			tokenUrl: string;
			/** Parts removed from the input, worth telling the user about. */
			removedParts: string[];
	  }
	| {isValid: false; problem: string};

const tokenPathPattern = /\/oauth\/token\/?$/i;

/** A name under .localhost: loopback by convention (RFC 6761), but only an answer from the resolver makes it one. */
export function isLocalhostSubdomain(hostname: string): boolean {
	return hostname.toLowerCase().replace(/\.$/, '').endsWith('.localhost');
}

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost') {
		return true;
	}

	if (host === '::1' || host === '0:0:0:0:0:0:0:1') {
		return true;
	}

	return /^127(?:\.\d{1,3}){3}$/.test(host);
}

export function tokenUrlFor(baseUrl: string): string {
	return `${baseUrl}/oauth/token`;
}

export function checkUaaUrl(input: string): UaaUrlCheck {
	const trimmed = input.trim();
	if (trimmed === '') {
		return {isValid: false, problem: 'Enter the url from the uaa section of your service key.'};
	}

	if (!/^[a-z][a-z\d+.-]*:\/\//i.test(trimmed)) {
		return {
			isValid: false,
			problem: 'The url must be absolute and start with https://, for example https://mysubaccount.authentication.eu10.hana.ondemand.com',
		};
	}

	let parsed: URL;
	try {
		parsed = new URL(trimmed);
	} catch {
		return {isValid: false, problem: 'This is not a valid url. Copy the whole "url" value from the uaa section of the service key.'};
	}

	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return {isValid: false, problem: `The url must start with https://, not ${parsed.protocol}//.`};
	}

	// A *.localhost name passes here by its name; the request itself uses it as loopback only once it resolves to one.
	if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname) && !isLocalhostSubdomain(parsed.hostname)) {
		return {
			isValid: false,
			problem: 'Plain http:// would send your client secret unencrypted. Use the https:// url from the service key (http is allowed only for 127.0.0.1, ::1 and localhost).',
		};
	}

	if (parsed.username !== '' || parsed.password !== '') {
		return {isValid: false, problem: 'Remove the user name and password from the url; uaa-token asks for clientid and clientsecret next.'};
	}

	const removedParts: string[] = [];
	if (parsed.search !== '') {
		removedParts.push(parsed.search);
	}

	if (parsed.hash !== '') {
		removedParts.push(parsed.hash);
	}

	let path = parsed.pathname;
	if (tokenPathPattern.test(path)) {
		removedParts.unshift(path.match(tokenPathPattern)![0].replace(/\/$/, ''));
		path = path.replace(tokenPathPattern, '');
	}

	path = path.replace(/\/+$/, '');
	const baseUrl = `${parsed.protocol}//${parsed.host}${path}`;
	return {isValid: true, baseUrl, tokenUrl: tokenUrlFor(baseUrl), removedParts};
}

/** A DNS name of letters, digits, hyphens and dots, as uaadomain is: nothing that could steer a url elsewhere. */
export function isHostName(text: string): boolean {
	return text.length <= 253 && /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)+$/i.test(text);
}
