// Loaded into every test process (npm test passes it with --import): no test may reach the keychain of the person
// running the tests. Without a D-Bus session address, uaa-token finds no Secret Service, and neither do the CLIs the
// tests start with this environment; the keychain tests start a private session of their own (keychain-session.ts).
delete process.env.DBUS_SESSION_BUS_ADDRESS;
