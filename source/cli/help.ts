// The text of --help. The exit codes it lists are those of source/errors/exit-codes.ts.

import {configDirectory} from '../profiles/config-directory.js';

export const helpText = () => `
  Get an OAuth 2.0 access token from SAP BTP XSUAA in your terminal:
  a guided wizard for a service key's uaa values.

  Usage
    $ uaa-token [options]              the wizard, or the profile picker
    $ uaa-token --tutorial --demo      learn the flow on a practice server
    $ uaa-token --profile NAME --print the token of a saved profile, for scripts
    $ uaa-token profiles [--json]      list saved profiles
    $ uaa-token profiles remove NAME   remove one
    $ uaa-token profiles store-secrets keychain|file [NAME]
                                       move secrets into the system
                                       keychain, or back into files

  Opens a step-by-step wizard that asks for url, clientid and clientsecret
  from the "uaa" section of a service key, requests an OAuth access token
  with the client_credentials grant, and shows every field of the answer.
  Saved profiles open a picker first.

  Interactive options
    --demo                 Practise on the built-in XSUAA look-alike server
                           (127.0.0.1); its values are shown at each step
    --tutorial             Walk SAP's browser tutorial step by step, with
                           the guide open: where each value is in the
                           service key, what the browser would do, and what
                           every field of the answer means
    --screen-reader        Linear output for screen readers, no spinner;
                           INK_SCREEN_READER=true does the same
    --profile NAME         Open a saved profile's token; with --print,
                           --json or --format, print it instead

  Scripting options (no screens; messages go to stderr)
    --print                Print only the access token; as --format token
    --json                 Print access_token, token_type, expires_in,
                           expires_at, scope, jti, profile and cached as
                           JSON; as --format json
    --format FORMAT        Print the token for the next tool:
                           token   the token alone
                           json    as --json
                           header  Authorization: Bearer <token>
                           env     export UAA_TOKEN='<token>', for eval
                           curl    a curl command for the service key's
                                   top-level (API) url
                           refresh-token  a user token's refresh
                                   token, for a tool that refreshes
                                   on its own (never printed otherwise)
    --decode               With --json or --format json: add the JWT's
                           decoded header and claims, and the result of
                           verifying the token (as --verify, without its
                           exit codes)
    --verify               Check the token as SAP's libraries do: its
                           signature against the subaccount's keys
                           (token_keys), its expiry, and that it is meant
                           for this clientid or xsappname. Alone, prints
                           the checks; with --print, --json or --format,
                           writes them to stderr. Exit 0 valid, 1 invalid,
                           3 keys unreachable
    --url URL              The uaa url, instead of a profile
    --client-id ID         The clientid, instead of a profile
    --client-secret-stdin  Read the clientsecret from stdin; otherwise it
                           comes from UAA_TOKEN_CLIENT_SECRET. There is no
                           --client-secret: an argument lands in shell
                           history and in ps
    --save NAME            Save the values used, secret included, as a
                           profile. Its secret and cached token go to the
                           system keychain when one is reachable, else to
                           the profile file (0600), and stderr says which
    --insecure-storage     Keep a saved profile's secret in its file
                           (0600) even where a system keychain is
                           reachable

  Signing in as a user (a user token instead of the client's)
    --grant GRANT          client_credentials  the client's token (default)
                           password  the user's name and password; XSUAA
                                     allows it only for OIDC providers
                                     such as sap.custom
                           passcode  a one-time code from <url>/passcode,
                                     for single sign-on users
                           code      sign in in the browser (PKCE)
                           A refresh token is kept with the profile, so
                           the next token needs no sign-in for its life
    --username NAME        The user, for --grant password (or set
                           UAA_TOKEN_USERNAME)
    --origin KEY           The identity provider (login_hint), such as
                           sap.custom
    --password-stdin       Read the user's password from stdin; otherwise
                           UAA_TOKEN_PASSWORD. There is no --password
    --passcode-stdin       Read the passcode from stdin; otherwise
                           UAA_TOKEN_PASSCODE
    --redirect-port PORT   The browser sign-in listens on
                           http://localhost:PORT/callback (default 8765);
                           the app's xs-security.json must allow it
    --no-browser           Print the sign-in url instead of opening a
                           browser (over SSH)

  Options for both
    --service-key FILE     Read url, clientid and clientsecret (or the X.509
                           certificate and key) from a service key file;
                           - reads it from stdin. cf service-key output,
                           {"credentials": ...} and VCAP_SERVICES work too
    --refresh              Ignore the cached token and request a new one
    --ca FILE              Also trust the CA certificates in this PEM file
                           (a TLS-inspecting proxy); saved with --save
    --timeout SECONDS      Give up on the token request after this long
                           in all, retries included (default 30, 0.1-3600)
    --auth-method METHOD   How to send clientid and clientsecret:
                           auto  body first, HTTP Basic on a 401 (default)
                           post  in the form body, as SAP's libraries do
                           basic HTTP Basic, URL-encoded as RFC 6749 asks
    -h, --help             Show this help
    --version              Show the version

  Keys
    Picker: arrows move, Enter chooses, type to filter, d delete, r rename,
            e edit
    Wizard: Enter next, Esc back, Tab fill the demo value (--demo)
    Result: v show/hide the token, c copy it, C copy the curl command,
            i what the token contains, s save as a profile, R new token,
            q quit
    Everywhere: ? opens and closes the guide (in the wizard, while the
            field is empty); Ctrl+C quits
    Copying uses the system clipboard, or the terminal's (OSC 52) where
    there is none, as over SSH; the screen says which.

  Exit codes
    0 success   1 the server refused   2 usage or input error
    3 network, TLS, timeout or 5xx   130 cancelled with Ctrl+C
    4 a local file problem (config directory, profile file); a token
      that was fetched is still printed

  Environment
    UAA_TOKEN_CONFIG_DIR     Directory for every file uaa-token writes; now
                             ${configDirectory()}
    UAA_TOKEN_CLIENT_SECRET  The clientsecret for scripting options
    UAA_TOKEN_USERNAME, UAA_TOKEN_PASSWORD, UAA_TOKEN_PASSCODE
                             A user's sign-in for scripting options
    HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                             Proxies, upper or lower case, as curl reads them
    NODE_EXTRA_CA_CERTS      Extra CA certificates, for TLS-inspecting proxies
    NO_COLOR                 Any value: no colour (FORCE_COLOR overrides it)
    FORCE_COLOR              0 no colour; 1, 2 or 3 colour even when piped
    INK_SCREEN_READER        true: as --screen-reader

  Examples
    $ uaa-token --tutorial --demo
    $ uaa-token --demo --screen-reader
    $ uaa-token --service-key key.json
    $ uaa-token --profile mysubaccount --refresh
    $ uaa-token --profile mysubaccount --print
    $ uaa-token --profile mysubaccount --json --decode
    $ uaa-token --profile mysubaccount --verify   # exit 0 valid, 1 not, 3 keys
    $ curl -H "$(uaa-token --profile p --format header)" https://<api>/<path>
    $ eval "$(uaa-token --profile p --format env)"   # sets UAA_TOKEN
    $ cf service-key my-instance key | uaa-token --service-key - --format curl
    $ export UAA_URL=https://sub.authentication.eu10.hana.ondemand.com
    $ UAA_TOKEN_CLIENT_SECRET=... uaa-token --url "$UAA_URL" \\
        --client-id 'sb-app!t1' --json --save sub
    $ printf %s "$SECRET" | uaa-token --url "$UAA_URL" --client-id 'sb-app!t1' \\
        --client-secret-stdin --print --timeout 10 --auth-method basic
    $ uaa-token --profile mysubaccount --print --ca proxy-ca.pem
    $ uaa-token --service-key key.json --print --save ci --insecure-storage
    $ UAA_TOKEN_USERNAME=jane@example.com UAA_TOKEN_PASSWORD=... \\
        uaa-token --service-key key.json --grant password --print --save me
    $ uaa-token --profile me --print   # refreshes, no password needed
    $ uaa-token --service-key key.json --grant code --save me-sso
    $ uaa-token --service-key key.json --grant code --no-browser \\
        --redirect-port 8765 --origin sap.custom --print
    $ uaa-token --service-key key.json --grant passcode --passcode-stdin \\
        --print < code.txt
    $ printf %s "$PASSWORD" | uaa-token --service-key key.json --grant \\
        password --username jane@example.com --password-stdin --print
    $ uaa-token --version
`;
