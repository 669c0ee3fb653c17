// The bench's token server: Docker's token authentication (the scheme of Docker Hub, GHCR, GitLab, Harbor, Quay)
// for the `token` registry that tests/env/token.sh starts. Plain Node (`http` + `crypto`, no tsx): it must run
// before, or without, `npm ci`.
//
//   GET /token?service=…&scope=repository:NAME:pull,push[&scope=…]   (Basic credentials, or none: anonymous)
//   → 200 { token, access_token, expires_in, issued_at }, an RS256 JWT whose header carries x5c (the certificate
//     the registry trusts through its rootcertbundle) and whose claims are iss, sub, aud, exp, nbf, iat, jti, access.
//   Wrong credentials → 401 {"details":"incorrect username or password"}, Docker Hub's answer, which the engine
//   reports as `unauthorized: incorrect username or password`.
//   A scope the account may not have is not an error: the token simply lacks it (empty `access`), as real token
//   servers do; the registry then answers `insufficient_scope` and the engine says `denied: …`.
//   POST /token (OAuth2 form: grant_type=password|refresh_token) is answered too, though the engine uses GET for
//   username/password logins: it only POSTs when it holds an identity token, which this server never hands out.
//
// usage: node token-server.mjs <config.json>
//   config: { listen: "host:port", service, issuer, keyFile, certFile, users: { name: password }, accessLog? }
import { createPrivateKey, createSign, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const TOKEN_LIFETIME_SECONDS = 300;
const MAX_BODY_BYTES = 16 * 1024;

/**
 * Who may do what: the first rule whose account and repository pattern match grants its actions.
 * `*` as account means anyone, signed in or not. Patterns: an exact name, or `prefix/*` for one level below it.
 */
const ACCESS_RULES = [
  { account: 'bench-admin', repository: '**', actions: ['pull', 'push'] }, // seeding only (token.sh)
  { account: 'carol', repository: 'team/*', actions: ['pull', 'push'] },
  { account: 'dave', repository: 'team/app', actions: ['pull'] },
  { account: '*', repository: 'public/*', actions: ['pull'] },
];

function repositoryMatches(pattern, name) {
  if (pattern === '**') return true;
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1);
    return name.startsWith(prefix) && name.length > prefix.length && !name.slice(prefix.length).includes('/');
  }
  return pattern === name;
}

/** Actions `account` (null: anonymous) may take on repository `name`, limited to those asked for. */
function grantedActions(account, name, requested) {
  const allowed = new Set();
  for (const rule of ACCESS_RULES) {
    if ((rule.account === '*' || rule.account === account) && repositoryMatches(rule.repository, name)) {
      for (const action of rule.actions) allowed.add(action);
    }
  }
  return requested.filter((action) => allowed.has(action));
}

/** `repository:team/app:pull,push` → { type, name, actions }; names may hold `:` only in a port, so split from the right. */
function parseScope(scope) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return null;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

const base64url = (data) => Buffer.from(data).toString('base64url');

function sameSecret(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function main() {
  const configFile = process.argv[2];
  if (!configFile) {
    console.error('usage: node token-server.mjs <config.json>');
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const key = createPrivateKey(readFileSync(config.keyFile));
  const certificateDer = new X509Certificate(readFileSync(config.certFile)).raw.toString('base64');

  function signToken(subject, access) {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certificateDer] };
    const claims = {
      iss: config.issuer,
      sub: subject,
      aud: config.service,
      exp: now + TOKEN_LIFETIME_SECONDS,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
    return { token: `${signingInput}.${base64url(signature)}`, issuedAt: new Date(now * 1000).toISOString() };
  }

  /** null: anonymous; undefined: wrong credentials. */
  function authenticate(username, password) {
    if (username === undefined) return null;
    const expected = config.users[username];
    return typeof expected === 'string' && sameSecret(password ?? '', expected) ? username : undefined;
  }

  function basicCredentials(header) {
    if (!header?.startsWith('Basic ')) return {};
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? { username: decoded } : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }

  function send(res, status, body, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  }

  function log(entry) {
    // Never the password: who, what was asked, what was granted.
    process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
  }

  function answer(req, res, params, credentials) {
    if (params.service !== config.service) {
      log({ method: req.method, outcome: 'wrong service', service: params.service });
      return send(res, 400, { errors: [{ code: 'UNSUPPORTED', message: `unknown service "${params.service ?? ''}"; this server issues tokens for "${config.service}"` }] });
    }
    const account = authenticate(credentials.username, credentials.password);
    if (account === undefined) {
      log({ method: req.method, user: credentials.username, outcome: 'incorrect credentials' });
      return send(res, 401, { details: 'incorrect username or password' }, { 'www-authenticate': `Basic realm="${config.service}"` });
    }
    const access = [];
    for (const scope of params.scopes) {
      const parsed = parseScope(scope);
      if (!parsed || parsed.type !== 'repository') continue;
      const actions = grantedActions(account, parsed.name, parsed.actions);
      if (actions.length > 0) access.push({ type: 'repository', name: parsed.name, actions });
    }
    const { token, issuedAt } = signToken(account ?? '', access);
    log({ method: req.method, user: account ?? '(anonymous)', scopes: params.scopes, granted: access });
    return send(res, 200, { token, access_token: token, expires_in: TOKEN_LIFETIME_SECONDS, issued_at: issuedAt });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    if (url.pathname !== '/token') return send(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'only /token is served here' }] });
    if (req.method === 'GET') {
      const params = { service: url.searchParams.get('service') ?? undefined, scopes: url.searchParams.getAll('scope').flatMap((s) => s.split(' ')) };
      return answer(req, res, params, basicCredentials(req.headers.authorization));
    }
    if (req.method === 'POST') {
      let size = 0;
      const chunks = [];
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy();
        else chunks.push(chunk);
      });
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const grant = form.get('grant_type');
        if (grant !== 'password') {
          log({ method: 'POST', outcome: `unsupported grant_type ${grant}` });
          return send(res, 400, { error: 'unsupported_grant_type', error_description: 'only grant_type=password is supported' });
        }
        const params = { service: form.get('service') ?? undefined, scopes: (form.get('scope') ?? '').split(' ').filter(Boolean) };
        return answer(req, res, params, { username: form.get('username') ?? '', password: form.get('password') ?? '' });
      });
      return undefined;
    }
    return send(res, 405, { errors: [{ code: 'UNSUPPORTED', message: `${req.method} is not supported` }] }, { allow: 'GET, POST' });
  });
  const index = config.listen.lastIndexOf(':');
  server.listen(Number(config.listen.slice(index + 1)), config.listen.slice(0, index), () => log({ listening: config.listen }));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop).on('SIGINT', stop);
}

main();
