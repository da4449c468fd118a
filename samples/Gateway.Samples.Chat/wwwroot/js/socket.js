// The WebSocket side of the chat: authenticate with the first frame, reconnect with back-off and jitter whenever the
// socket drops (every close code but 1000 means "reconnect and resubscribe"), refresh the token on 4401.

const CLOSE_NORMAL = 1000;
const CLOSE_UNAUTHORIZED = 4401;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;

/**
 * One logical connection over many sockets. Events: `ready` (detail: the server's ready frame; resubscribe and resend
 * then), `frame` (detail: any other server frame), `down` (detail: {code, retryInMs}).
 */
export class ChatSocket extends EventTarget {
  #session;
  #socket = null;
  #ready = false;
  #stopped = true;
  #attempt = 0;
  #retryTimer = 0;
  #pingTimer = 0;
  #pongTimer = 0;

  constructor(session) {
    super();
    this.#session = session;
    window.addEventListener('online', () => this.#reconnectNow());
  }

  /** Whether frames can be sent now (authenticated). */
  get isReady() { return this.#ready; }

  start() {
    this.#stopped = false;
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close(CLOSE_NORMAL);
    this.#socket = null;
    this.#ready = false;
  }

  /** Sends a frame when ready; returns false otherwise (the caller keeps it for after `ready`). */
  send(frame) {
    if (!this.#ready) {
      return false;
    }
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  #connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const previous = this.#socket;
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    this.#socket = socket;
    previous?.close(CLOSE_NORMAL);
    socket.addEventListener('open', async () => {
      try {
        const token = await this.#session.accessToken();
        if (socket === this.#socket) {
          socket.send(JSON.stringify({ type: 'auth', token }));
        }
      } catch {
        socket.close(CLOSE_NORMAL); // Signed out, or the refresh failed: the session decides what happens next.
        if (!this.#stopped) {
          this.#scheduleRetry(CLOSE_NORMAL);
        }
      }
    });
    socket.addEventListener('message', (event) => this.#receive(socket, event));
    socket.addEventListener('close', (event) => this.#closed(socket, event.code));
  }

  #receive(socket, event) {
    if (socket !== this.#socket) {
      return;
    }
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    clearTimeout(this.#pongTimer);
    if (frame.type === 'ready') {
      this.#ready = true;
      this.#attempt = 0;
      this.#keepAlive();
      this.dispatchEvent(new CustomEvent('ready', { detail: frame }));
    } else if (frame.type !== 'pong') {
      this.dispatchEvent(new CustomEvent('frame', { detail: frame }));
    }
  }

  async #closed(socket, code) {
    if (socket !== this.#socket) {
      return;
    }
    this.#ready = false;
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    if (this.#stopped) {
      return;
    }
    if (code === CLOSE_UNAUTHORIZED) {
      try {
        await this.#session.refresh();
      } catch {
        // Signed out (the session tells the app) or offline (the retry below tries again).
      }
      if (this.#stopped) {
        return;
      }
    }
    this.#scheduleRetry(code);
  }

  #scheduleRetry(code) {
    // Exponential back-off with jitter (half fixed, half random), so a restarted server is not hit by every client at
    // the same instant.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.#attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    this.#attempt++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
    this.dispatchEvent(new CustomEvent('down', { detail: { code, retryInMs: delay } }));
  }

  #reconnectNow() {
    if (!this.#stopped && !this.#ready) {
      clearTimeout(this.#retryTimer);
      this.#attempt = 0;
      this.#connect();
    }
  }

  #keepAlive() {
    // A dropped network closes nothing by itself: a ping without a pong in time ends the socket, which reconnects.
    clearInterval(this.#pingTimer);
    this.#pingTimer = setInterval(() => {
      if (this.send({ type: 'ping' })) {
        this.#pongTimer = setTimeout(() => this.#socket?.close(), PONG_WITHIN_MS);
      }
    }, PING_EVERY_MS);
  }
}
