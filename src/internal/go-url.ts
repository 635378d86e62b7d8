/**
 * Go's `net/url` (Go 1.23, the toolchain of Kuma 2.8.8): `url.Parse`, `url.ParseRequestURI` and
 * `(*url.URL).Port()`, reduced to the fields Kuma's validators read. Internal: callers pass
 * strings.
 */

/** The parts of a Go `*url.URL` the validators read. Strings are unescaped where Go unescapes. */
export interface GoUrl {
  /** Lower-cased scheme ('' when none). */
  readonly scheme: string;
  readonly opaque: string;
  /** True when the authority had a user-info part (Go's `User != nil`). */
  readonly hasUser: boolean;
  /** Host (with port) as Go stores it, unescaped. */
  readonly host: string;
  /** Path, unescaped. */
  readonly path: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

type EscapeMode = 'host' | 'zone' | 'path' | 'userPassword' | 'fragment';

const isHexChar = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isAlnumCode = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Go's `shouldEscape(c, encodeHost)` for one byte. */
function hostNeedsEscape(c: number): boolean {
  if (isAlnumCode(c)) return false;
  return !`-_.~!$&'()*+,;=:[]<>"`.includes(String.fromCharCode(c));
}

/**
 * Go's `unescape`: checks the `%XX` escapes (and, in hosts and zones, the characters allowed) and
 * returns the unescaped text (bytes as characters), or undefined where Go returns an error.
 */
function urlUnescape(s: string, mode: EscapeMode): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const ch = s[i] as string;
    if (ch === '%') {
      if (i + 2 >= s.length || !isHexChar(s[i + 1]) || !isHexChar(s[i + 2])) return undefined;
      const triple = s.slice(i, i + 3);
      const byte = Number.parseInt(triple.slice(1), 16);
      if (mode === 'host' && byte < 0x80 && triple !== '%25') return undefined;
      if (mode === 'zone' && triple !== '%25' && byte !== 0x20 && hostNeedsEscape(byte)) return undefined;
      out += String.fromCharCode(byte);
      i += 3;
      continue;
    }
    const code = s.charCodeAt(i);
    if ((mode === 'host' || mode === 'zone') && code < 0x80 && hostNeedsEscape(code)) return undefined;
    out += ch;
    i++;
  }
  return out;
}

/** Go's `validOptionalPort`: '' or ':' followed by digits only. */
function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return /^:[0-9]*$/.test(port);
}

/** Go's `parseHost`: the unescaped host, or undefined on error. */
function parseHost(host: string): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0 || !validOptionalPort(host.slice(close + 1))) return undefined;
    const zone = host.slice(0, close).indexOf('%25');
    if (zone >= 0) {
      const a = urlUnescape(host.slice(0, zone), 'host');
      const b = urlUnescape(host.slice(zone, close), 'zone');
      const c = urlUnescape(host.slice(close), 'host');
      return a === undefined || b === undefined || c === undefined ? undefined : a + b + c;
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1 && !validOptionalPort(host.slice(colon))) return undefined;
  }
  return urlUnescape(host, 'host');
}

/** Go's `validUserinfo`. */
function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

/** Go's `parseAuthority`: user-info presence and host, or undefined on error. */
function parseAuthority(authority: string): { hasUser: boolean; host: string } | undefined {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (host === undefined) return undefined;
  if (at < 0) return { hasUser: false, host };
  const userinfo = authority.slice(0, at);
  if (!validUserinfo(userinfo)) return undefined;
  const colon = userinfo.indexOf(':');
  const parts = colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  for (const part of parts) if (urlUnescape(part, 'userPassword') === undefined) return undefined;
  return { hasUser: true, host };
}

/** Go's `getScheme`: undefined for the "missing protocol scheme" error. */
function getScheme(raw: string): { scheme: string; rest: string } | undefined {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') return i === 0 ? undefined : { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: Go rejects ASCII control bytes in URLs
const CTL = /[\x00-\x1f\x7f]/;

/** Go's internal `parse(rawURL, viaRequest)`. */
function parse(raw: string, viaRequest: boolean): Omit<GoUrl, 'fragment'> | undefined {
  if (CTL.test(raw)) return undefined;
  if (raw === '' && viaRequest) return undefined;
  const empty = { scheme: '', opaque: '', hasUser: false, host: '', path: '', rawQuery: '' };
  if (raw === '*') return { ...empty, path: '*' };
  const sch = getScheme(raw);
  if (sch === undefined) return undefined;
  const scheme = sch.scheme.toLowerCase();
  let rest = sch.rest;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { ...empty, scheme, opaque: rest, rawQuery };
    if (viaRequest) return undefined;
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) return undefined;
  }
  let hasUser = false;
  let host = '';
  if ((scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const parsed = parseAuthority(authority);
    if (parsed === undefined) return undefined;
    hasUser = parsed.hasUser;
    host = parsed.host;
  }
  const path = urlUnescape(rest, 'path');
  if (path === undefined) return undefined;
  return { scheme, opaque: '', hasUser, host, path, rawQuery };
}

/** Go's `url.Parse`: undefined where Go returns an error. */
export function parseGoUrl(raw: string): GoUrl | undefined {
  const hash = raw.indexOf('#');
  const main = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? '' : raw.slice(hash + 1);
  const url = parse(main, false);
  if (url === undefined) return undefined;
  if (frag === '') return { ...url, fragment: '' };
  const fragment = urlUnescape(frag, 'fragment');
  return fragment === undefined ? undefined : { ...url, fragment };
}

/** Go's `url.ParseRequestURI` (no fragment: a `#` stays in the path or query). */
export function parseGoRequestUri(raw: string): GoUrl | undefined {
  const url = parse(raw, true);
  return url === undefined ? undefined : { ...url, fragment: '' };
}

/** Go's `(*url.URL).Port()`: the digits after the host's last colon ('' when none). */
export function goUrlPort(url: GoUrl): string {
  const colon = url.host.lastIndexOf(':');
  return colon !== -1 && validOptionalPort(url.host.slice(colon)) ? url.host.slice(colon + 1) : '';
}
