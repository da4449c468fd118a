// The client's model of the chat: rooms, their messages (by seq, so replays and retries never double anything), the
// sends waiting for an ack, typing and presence. Views listen for `change` and redraw.

import { ChatSocket } from './socket.js';

const HISTORY_PAGE = 50;
const TYPING_SHOWN_MS = 3_000;
const TYPING_SENT_EVERY_MS = 2_000;
const ROOMS_REFRESH_MS = 30_000;
const RATE_LIMIT_RETRY_MS = 2_000;

function newClientId() {
  // crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The other user of a direct conversation, from its name ("alice, bob"). */
export function partnerOf(room, me) {
  if (room.kind !== 'direct') {
    return null;
  }
  return room.name.split(', ').find((name) => name !== me) ?? null;
}

export class Chat extends EventTarget {
  me = null;
  /** @type {Map<number, object>} */
  rooms = new Map();
  /** username → {online, last_seen}; absent until known. */
  presence = new Map();
  connected = false;
  reconnectInMs = 0;
  #session;
  #socket;
  #roomsTimer = 0;
  #lastTypingSent = new Map();
  #resuming = false;

  constructor(session) {
    super();
    this.#session = session;
    this.#socket = new ChatSocket(session);
    this.#socket.addEventListener('ready', (event) => this.#onReady(event.detail));
    this.#socket.addEventListener('frame', (event) => this.#onFrame(event.detail));
    this.#socket.addEventListener('down', (event) => {
      this.connected = false;
      this.reconnectInMs = event.detail.retryInMs;
      for (const room of this.rooms.values()) {
        room.subscribed = false;
      }
      this.#changed('connection');
    });
  }

  async start() {
    this.me = await this.#session.fetch('/api/me');
    await this.refreshRooms();
    this.#socket.start();
    this.#roomsTimer = setInterval(() => this.refreshRooms().catch(() => {}), ROOMS_REFRESH_MS);
  }

  stop() {
    clearInterval(this.#roomsTimer);
    this.#socket.stop();
  }

  /** Reads the room list (unread counts, last messages) and subscribes to rooms it did not know (a new direct conversation). */
  async refreshRooms() {
    const list = await this.#session.fetch('/api/rooms');
    for (const item of list) {
      const room = this.rooms.get(item.id);
      if (room) {
        room.unread = room.id === this.openRoomId ? 0 : item.unread_count;
        room.memberCount = item.member_count;
        if (item.last_message && (!room.lastMessage || item.last_message.seq > room.lastMessage.seq)) {
          room.lastMessage = item.last_message;
        }
      } else {
        this.#addRoom(item);
      }
    }
    this.#changed('rooms');
    await this.#loadPresence();
  }

  /** The room shown now, or null. */
  openRoomId = null;

  async openRoom(id) {
    const room = this.rooms.get(id);
    if (!room) {
      return;
    }
    this.openRoomId = id;
    room.unread = 0;
    if (!room.loaded) {
      await this.loadOlder(id);
    }
    const partner = partnerOf(room, this.me.username);
    if (partner) {
      await this.#loadUser(partner);
    }
    this.markRead(id);
    this.#changed('open');
  }

  closeRoom() {
    this.openRoomId = null;
    this.#changed('open');
  }

  /** Loads the page of history before the oldest message held (keyset paging by seq). */
  async loadOlder(id) {
    const room = this.rooms.get(id);
    if (!room || room.loading || (room.loaded && !room.hasMore)) {
      return;
    }
    room.loading = true;
    try {
      const oldest = room.loaded ? Math.min(...room.messages.keys()) : null;
      const query = oldest === null || !Number.isFinite(oldest) ? `limit=${HISTORY_PAGE}` : `before=${oldest}&limit=${HISTORY_PAGE}`;
      const page = await this.#session.fetch(`/api/rooms/${id}/messages?${query}`);
      for (const message of page.messages) {
        this.#keep(room, message);
      }
      room.hasMore = page.has_more;
      room.loaded = true;
    } finally {
      room.loading = false;
    }
    this.#changed('history');
  }

  async createRoom(name) {
    const created = await this.#session.fetch('/api/rooms', { method: 'POST', body: { name } });
    await this.#joined(created.id);
    return created.id;
  }

  async joinRoom(id) {
    await this.#session.fetch(`/api/rooms/${id}/join`, { method: 'POST' });
    await this.#joined(id);
  }

  async openDirect(username) {
    const room = await this.#session.fetch(`/api/dm/${encodeURIComponent(username)}`, { method: 'POST' });
    await this.#joined(room.id);
    return room.id;
  }

  searchPublic(query) {
    return this.#session.fetch(`/api/rooms/public?query=${encodeURIComponent(query)}`);
  }

  /** Shows the message at once as "sending"; it is sent now or after the next `ready`, always with the same client_id. */
  send(roomId, text) {
    const room = this.rooms.get(roomId);
    const pending = { clientId: newClientId(), roomId, text, sentAt: new Date().toISOString(), failed: null };
    room.pending.set(pending.clientId, pending);
    this.#transmit(pending);
    this.#changed('messages', roomId);
  }

  typing(roomId) {
    const last = this.#lastTypingSent.get(roomId) ?? 0;
    if (Date.now() - last >= TYPING_SENT_EVERY_MS && this.rooms.get(roomId)?.subscribed) {
      this.#lastTypingSent.set(roomId, Date.now());
      this.#socket.send({ type: 'typing', room_id: roomId });
    }
  }

  markRead(roomId) {
    const room = this.rooms.get(roomId);
    if (room && room.lastSeq > room.readSeq && this.#socket.send({ type: 'read', room_id: roomId, seq: room.lastSeq })) {
      room.readSeq = room.lastSeq;
    }
  }

  #addRoom(item, sinceSeq = item.last_seq ?? 0) {
    const room = {
      id: item.id,
      name: item.name,
      kind: item.kind,
      memberCount: item.member_count ?? 1,
      unread: item.unread_count ?? 0,
      lastMessage: item.last_message ?? null,
      // The highest seq this client knows of: what a resubscription asks for after, so nothing is replayed twice.
      lastSeq: sinceSeq,
      readSeq: 0,
      messages: new Map(),
      pending: new Map(),
      typing: new Map(),
      loaded: false,
      hasMore: true,
      loading: false,
      subscribed: false,
    };
    this.rooms.set(room.id, room);
    if (this.#socket.isReady && !this.#resuming) { // While resuming, #onReady subscribes every room once.
      this.#subscribe(room);
    }
    return room;
  }

  async #joined(id) {
    if (!this.rooms.has(id)) {
      await this.refreshRooms();
    }
  }

  #subscribe(room) {
    this.#socket.send({ type: 'subscribe', room_id: room.id, since_seq: room.lastSeq });
  }

  #transmit(pending) {
    this.#socket.send({ type: 'send', room_id: pending.roomId, client_id: pending.clientId, text: pending.text });
  }

  async #onReady(ready) {
    this.connected = true;
    this.#resuming = true;
    try {
      if (ready.rooms.some((known) => !this.rooms.has(known.room_id))) {
        await this.refreshRooms().catch(() => {});
      }
    } finally {
      this.#resuming = false;
    }
    // Resume: every room from the last seq seen (the server replays the rest, in order), then every send not yet
    // acknowledged, with its original client_id (a send the server already stored just gets its ack again).
    for (const room of this.rooms.values()) {
      this.#subscribe(room);
    }
    for (const room of this.rooms.values()) {
      for (const pending of room.pending.values()) {
        if (!pending.failed) {
          this.#transmit(pending);
        }
      }
    }
    this.#changed('connection');
  }

  #onFrame(frame) {
    switch (frame.type) {
      case 'message':
        this.#onMessage(frame);
        break;
      case 'ack':
        this.#onAck(frame);
        break;
      case 'subscribed': {
        const room = this.rooms.get(frame.room_id);
        if (room) {
          room.subscribed = true;
          room.lastSeq = Math.max(room.lastSeq, frame.last_seq);
        }
        break;
      }
      case 'typing':
        this.#onTyping(frame);
        break;
      case 'presence':
        this.presence.set(frame.user, { online: frame.online, last_seen: frame.last_seen });
        this.#changed('presence');
        break;
      case 'error':
        this.#onError(frame);
        break;
      default:
        break;
    }
  }

  #onMessage(message) {
    const room = this.rooms.get(message.room_id);
    if (!room) {
      return;
    }
    const isNew = message.seq > room.lastSeq;
    const isMine = message.sender === this.me.username;
    this.#keep(room, message);
    if (isMine) {
      room.pending.delete(message.client_id);
    }
    room.typing.delete(message.sender);
    if (isNew && !isMine && room.id !== this.openRoomId) {
      room.unread++;
    }
    if (room.id === this.openRoomId) {
      this.markRead(room.id);
    }
    this.#changed('messages', room.id, isNew && !isMine ? message : null);
  }

  #onAck(ack) {
    const room = this.rooms.get(ack.room_id);
    const pending = room?.pending.get(ack.client_id);
    if (!pending) {
      return; // Already confirmed by its own message frame.
    }
    room.pending.delete(ack.client_id);
    this.#keep(room, { id: ack.id, room_id: ack.room_id, seq: ack.seq, sender: this.me.username, text: pending.text, sent_at: ack.sent_at, client_id: ack.client_id });
    this.#changed('messages', room.id);
  }

  #onError(error) {
    const pending = this.#findPending(error.ref);
    if (!pending) {
      return;
    }
    if (error.code === 'rate_limited') {
      setTimeout(() => this.#transmit(pending), RATE_LIMIT_RETRY_MS);
    } else if (error.code !== 'shutting_down') {
      // shutting_down: resent after the reconnect. Anything else will not get better by retrying.
      pending.failed = error.message || error.code;
      this.#changed('messages', pending.roomId);
    }
  }

  #findPending(clientId) {
    for (const room of this.rooms.values()) {
      const pending = room.pending.get(clientId);
      if (pending) {
        return pending;
      }
    }
    return null;
  }

  #onTyping(frame) {
    const room = this.rooms.get(frame.room_id);
    if (!room || frame.user === this.me.username) {
      return;
    }
    clearTimeout(room.typing.get(frame.user));
    room.typing.set(frame.user, setTimeout(() => {
      room.typing.delete(frame.user);
      this.#changed('typing', room.id);
    }, TYPING_SHOWN_MS));
    this.#changed('typing', room.id);
  }

  /** Stores a message once, by seq; keeps the room's last message and last seq current. */
  #keep(room, message) {
    if (!room.messages.has(message.seq)) {
      room.messages.set(message.seq, message);
    }
    room.lastSeq = Math.max(room.lastSeq, message.seq);
    if (!room.lastMessage || message.seq >= room.lastMessage.seq) {
      room.lastMessage = message;
    }
  }

  async #loadPresence() {
    const partners = new Set();
    for (const room of this.rooms.values()) {
      const partner = partnerOf(room, this.me.username);
      if (partner) {
        partners.add(partner);
      }
    }
    await Promise.all([...partners].map((name) => this.#loadUser(name).catch(() => {})));
    this.#changed('presence');
  }

  async #loadUser(username) {
    const user = await this.#session.fetch(`/api/users/${encodeURIComponent(username)}`);
    this.presence.set(username, { online: user.online, last_seen: user.last_seen });
    this.#changed('presence');
  }

  #changed(what, roomId = null, incoming = null) {
    this.dispatchEvent(new CustomEvent('change', { detail: { what, roomId, incoming } }));
  }
}
