// The login: a short-lived access token kept in memory only, and the refresh token in sessionStorage (see the sample's
// README for why sessionStorage). Tokens travel in JSON bodies and the Authorization header, never in URLs.

const REFRESH_KEY = 'gateway-chat.refresh-token';
const SESSION_KEY = 'gateway-chat.session-id';

/** Raised for an HTTP answer that is not 2xx; `message` is the problem's detail or title. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function readProblem(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response));
  }
  return response.status === 204 ? null : response.json();
}

/**
 * Holds the tokens, refreshes the access token before it expires (and when the server says it has), and signs out
 * when the refresh token is refused. Dispatches `signedout` when the login is gone (detail.byUser: the user logged out).
 */
export class Session extends EventTarget {
  #access = null;
  #expiresAt = 0;
  #refreshing = null;
  #timer = 0;

  get refreshToken() { return sessionStorage.getItem(REFRESH_KEY); }

  /** Whether there is a login to resume (a refresh token survives a reload of this tab). */
  get canResume() { return this.refreshToken !== null; }

  /** The id of this tab's login among the account's sessions, when known. */
  get sessionId() { return Number(sessionStorage.getItem(SESSION_KEY)) || null; }
  set sessionId(value) { sessionStorage.setItem(SESSION_KEY, String(value)); }

  async register(username, password) {
    await postJson('/api/auth/register', { username, password });
    await this.login(username, password);
  }

  async login(username, password) {
    this.#store(await postJson('/api/auth/login', { username, password }));
  }

  /** Ends the login on the server (its refresh family is revoked) and here. */
  async logout() {
    const token = this.refreshToken;
    this.#clear();
    if (token) {
      try {
        await postJson('/api/auth/logout', { refresh_token: token });
      } catch {
        // Offline: the family stays until it expires; this tab forgets it either way.
      }
    }
    this.dispatchEvent(new CustomEvent('signedout', { detail: { byUser: true } }));
  }

  /**
   * Rotates the refresh token. One refresh at a time: concurrent callers share it, since a second use of the same
   * refresh token is reuse and would revoke the whole login.
   */
  refresh() {
    this.#refreshing ??= this.#rotate().finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken() {
    if (!this.#access || Date.now() > this.#expiresAt - 5_000) {
      await this.refresh();
    }
    return this.#access;
  }

  /** `fetch` with the bearer token; a 401 refreshes once and retries. Throws ApiError for any other failure. */
  async fetch(path, { method = 'GET', body } = {}) {
    for (let attempt = 0; ; attempt++) {
      const headers = { authorization: `Bearer ${await this.accessToken()}` };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (response.status === 401 && attempt === 0) {
        await this.refresh();
        continue;
      }
      if (!response.ok) {
        throw new ApiError(response.status, await readProblem(response));
      }
      return response.status === 204 ? null : response.json();
    }
  }

  async #rotate() {
    const token = this.refreshToken;
    if (!token) {
      throw this.#signedOut();
    }
    let tokens;
    try {
      tokens = await postJson('/api/auth/refresh', { refresh_token: token });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        // Spent, revoked ("sign out this device") or expired: the login is over.
        throw this.#signedOut();
      }
      throw error; // The network or the server is down: keep the token and try again later.
    }
    this.#store(tokens);
  }

  #signedOut() {
    this.#clear();
    this.dispatchEvent(new Event('signedout'));
    return new ApiError(401, { detail: 'Your session has ended; please log in again.' });
  }

  #store(tokens) {
    this.#access = tokens.access_token;
    this.#expiresAt = Date.now() + tokens.expires_in * 1000;
    sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
    // Refresh ahead of expiry (at 80 %, at least 30 s before), so sockets and requests never carry an expired token.
    clearTimeout(this.#timer);
    const lead = Math.max(tokens.expires_in * 200, 30_000);
    const delay = Math.max(tokens.expires_in * 1000 - lead, 1_000);
    this.#timer = setTimeout(() => this.refresh().catch(() => {}), delay);
  }

  #clear() {
    clearTimeout(this.#timer);
    this.#access = null;
    this.#expiresAt = 0;
    sessionStorage.removeItem(REFRESH_KEY);
    sessionStorage.removeItem(SESSION_KEY);
  }
}
