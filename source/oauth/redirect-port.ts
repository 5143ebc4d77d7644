// The browser sign-in's default port, apart from the listener so that reading flags does not load node:http.

/** Fixed, so that the app's xs-security.json can allow it: XSUAA matches redirect uris, and port wildcards are undocumented. */
export const defaultRedirectPort = 8765;
