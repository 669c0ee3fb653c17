/** The leak scans' search (tests/support/canary.ts) finds the canary in every form it can leak in — and only it. */
import { describe, expect, it } from 'vitest';
import { canaryForms, leakedForms, makeCanary } from '../../support/canary';

const CANARY = makeCanary();
const USER = 'canary-user';
const FORMS = canaryForms(CANARY, USER);
const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('canaryForms', () => {
  it.each([
    ['plain', `error: ${CANARY} rejected`],
    ['JSON', JSON.stringify({ message: `bad ${CANARY}` })],
    ['URL', `https://x.test/?password=${encodeURIComponent(CANARY)}`],
    ['form', new URLSearchParams({ password: CANARY }).toString()],
    ['Basic header', `Authorization: Basic ${base64(`${USER}:${CANARY}`)}`],
    ['Docker config auth of another user', JSON.stringify({ auths: { 'x.test': { auth: base64(`someone-else:${CANARY}`) } } })],
    ['X-Registry-Auth (base64)', base64(JSON.stringify({ username: USER, password: CANARY, serveraddress: 'x.test' }))],
    ['X-Registry-Auth (base64url)', base64url(JSON.stringify({ identitytoken: CANARY, serveraddress: 'https://index.docker.io/v1/' }))],
    ['a file', Buffer.from(`line\n${base64url(`{"password":${JSON.stringify(CANARY)}}`)}\n`)],
  ])('finds it in %s', (_where, text) => {
    expect(leakedForms(text, FORMS)).not.toEqual([]);
  });

  it('finds nothing in text without it, even text that holds another canary', () => {
    const other = makeCanary();
    expect(leakedForms(`Authorization: Basic ${base64(`${USER}:${other}`)} ${other} ${base64url(JSON.stringify({ password: other }))}`, FORMS)).toEqual([]);
  });
});
