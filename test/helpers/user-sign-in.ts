// What a person does in a browser, done over plain HTTP for the tests that are not about the browser: sign in at the
// practice server's /passcode page or its /oauth/authorize form, and follow the redirect to the loopback listener.

type User = {username: string; password: string};

/** Signs in at <url>/passcode and reads the code from the page, as a person copies it. */
export async function passcodeFrom(uaaUrl: string, user: User): Promise<string> {
	const response = await fetch(`${uaaUrl}/passcode`, {method: 'POST', body: new URLSearchParams({username: user.username, password: user.password})});
	const page = await response.text();
	const code = /<code id="passcode">([^<]+)<\/code>/.exec(page)?.[1];
	if (!code) {
		throw new Error(`no passcode on the page (${response.status})`);
	}

	return code;
}

/** Opens the authorize url, submits its form as the user (or cancels), and follows the redirect it answers with. */
export async function signInAtAuthorizeUrl(authorizeUrl: string, user: User, decision: 'sign-in' | 'deny' = 'sign-in'): Promise<Response> {
	const formPage = await (await fetch(authorizeUrl)).text();
	const fields = new URLSearchParams();
	for (const match of formPage.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
		fields.set(match[1]!, match[2]!.replaceAll(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))));
	}

	fields.set('username', user.username);
	fields.set('password', user.password);
	fields.set('decision', decision);
	const answer = await fetch(new URL('/oauth/authorize', authorizeUrl), {method: 'POST', body: fields, redirect: 'manual'});
	const location = answer.headers.get('location');
	if (answer.status !== 302 || !location) {
		throw new Error(`the sign-in form answered ${answer.status}`);
	}

	return fetch(location);
}
