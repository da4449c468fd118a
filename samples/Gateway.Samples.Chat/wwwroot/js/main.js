// The app: which view shows (login, rooms, a room, settings), and how each is drawn from the Chat model.

import { Session, ApiError } from './session.js';
import { Chat, partnerOf } from './chat.js';
import { el, byId, replaceChildren } from './dom.js';
import { ago, dayKey, dayLabel, formatDateTime, formatTime } from './format.js';

const session = new Session();
let chat = null;
let view = 'empty'; // empty | room | settings
let presenceTimer = 0;

session.addEventListener('signedout', (event) =>
  showLogin(event.detail?.byUser ? '' : 'Your session has ended; please log in again.'));

// ---- login -------------------------------------------------------------------------------------------------------

function showLogin(message = '') {
  chat?.stop();
  chat = null;
  clearInterval(presenceTimer);
  byId('app-view').hidden = true;
  byId('banner').hidden = true;
  byId('auth-view').hidden = false;
  byId('auth-error').textContent = message;
  byId('auth-password').value = '';
  byId('auth-username').focus();
}

async function authenticate(register) {
  const username = byId('auth-username').value.trim();
  const password = byId('auth-password').value;
  const error = byId('auth-error');
  error.textContent = '';
  if (!/^[a-z0-9_]{3,32}$/.test(username)) {
    error.textContent = 'The username needs 3–32 lower-case letters, digits or _.';
    byId('auth-username').focus();
    return;
  }
  if (password.length < 8) {
    error.textContent = 'The password needs at least 8 characters.';
    byId('auth-password').focus();
    return;
  }
  try {
    await (register ? session.register(username, password) : session.login(username, password));
  } catch (failure) {
    error.textContent = failure instanceof ApiError
      ? (failure.status === 409 ? 'That username is taken.' : failure.message)
      : 'The chat cannot be reached. Try again in a moment.';
    return;
  }
  await startApp();
  rememberThisDevice();
}

byId('auth-form').addEventListener('submit', (event) => {
  event.preventDefault();
  authenticate(false);
});
byId('register-button').addEventListener('click', () => authenticate(true));

/** Notes which session is this tab's, to label it in the devices list: the newest one, just after logging in. */
async function rememberThisDevice() {
  try {
    const sessions = await session.fetch('/api/auth/sessions');
    const newest = sessions.reduce((a, b) => (Date.parse(a.created) >= Date.parse(b.created) ? a : b), sessions[0]);
    if (newest) {
      session.sessionId = newest.id;
    }
  } catch {
    // Only a label.
  }
}

// ---- the app -----------------------------------------------------------------------------------------------------

async function startApp() {
  chat = new Chat(session);
  chat.addEventListener('change', (event) => onChange(event.detail));
  try {
    await chat.start();
  } catch (failure) {
    if (!(failure instanceof ApiError && failure.status === 401)) {
      showLogin('The chat cannot be reached. Try again in a moment.');
    }
    return;
  }
  byId('auth-view').hidden = true;
  byId('app-view').hidden = false;
  byId('me').textContent = `Signed in as ${chat.me.username}`;
  show('empty');
  drawRooms();
  // Relative times ("last seen 5 minutes ago") age while the page is open.
  presenceTimer = setInterval(() => { drawRooms(); drawRoomHeader(); }, 30_000);
  byId('create-name').focus();
}

function onChange({ what, roomId, incoming }) {
  switch (what) {
    case 'connection':
      drawBanner();
      break;
    case 'messages':
    case 'history':
      drawRooms();
      if (roomId === null || roomId === chat.openRoomId) {
        drawMessages(what === 'history');
      }
      if (incoming && incoming.room_id === chat.openRoomId) {
        announce(`${incoming.sender}: ${incoming.text}`);
      }
      break;
    case 'typing':
      if (roomId === chat.openRoomId) {
        drawTyping();
      }
      break;
    default:
      drawRooms();
      drawRoomHeader();
      break;
  }
}

function drawBanner() {
  const banner = byId('banner');
  if (chat.connected) {
    banner.hidden = true;
    banner.textContent = '';
    return;
  }
  const seconds = Math.max(1, Math.round(chat.reconnectInMs / 1000));
  banner.textContent = `Connection lost. Reconnecting in ${seconds} s… Messages you send now go out when it is back.`;
  banner.hidden = false;
}

function announce(text) {
  const announcer = byId('announcer');
  announcer.textContent = '';
  // A fresh text node after clearing makes screen readers announce it even when it repeats.
  requestAnimationFrame(() => { announcer.textContent = text; });
}

function show(next) {
  view = next;
  byId('empty-view').hidden = next !== 'empty';
  byId('room-view').hidden = next !== 'room';
  byId('settings-view').hidden = next !== 'settings';
  // On a narrow screen one pane shows at a time: the room list, or what was opened from it.
  byId('app-view').dataset.pane = next === 'empty' ? 'list' : 'content';
}

// ---- rooms -------------------------------------------------------------------------------------------------------

function presenceText(username) {
  const state = chat.presence.get(username);
  if (!state || state.online === null) {
    return ''; // Hidden by privacy (theirs or ours), or not known yet.
  }
  if (state.online) {
    return 'online';
  }
  return state.last_seen ? `last seen ${ago(new Date(state.last_seen))}` : '';
}

function drawRooms() {
  if (!chat) {
    return;
  }
  // Most recent conversation first; rooms without messages last, by name.
  const activity = (room) => (room.lastMessage ? Date.parse(room.lastMessage.sent_at) : 0);
  const rooms = [...chat.rooms.values()].sort((a, b) => activity(b) - activity(a) || a.name.localeCompare(b.name));
  const items = rooms.map((room) => {
    const partner = partnerOf(room, chat.me.username);
    const title = partner ?? room.name;
    const online = partner && chat.presence.get(partner)?.online === true;
    const last = room.lastMessage ? `${room.lastMessage.sender}: ${room.lastMessage.text}` : 'No messages yet';
    const current = room.id === chat.openRoomId && view === 'room';
    // The button's name is its visible text plus a few hidden words (", online", " unread"), so what is read is what
    // is shown.
    return el('li', {},
      el('button', {
        type: 'button',
        class: `room-item${current ? ' current' : ''}`,
        'aria-current': current ? 'true' : null,
        'data-room-id': room.id,
        onclick: () => openRoom(room.id),
      },
      el('span', { class: 'room-name' },
        partner ? el('span', { class: `dot${online ? ' online' : ''}`, 'aria-hidden': 'true' }) : null,
        el('span', { class: 'room-title' }, title),
        online ? el('span', { class: 'visually-hidden' }, ', online') : null,
        room.unread ? el('span', { class: 'unread' }, String(room.unread), el('span', { class: 'visually-hidden' }, ' unread')) : null),
      el('span', { class: 'room-last' }, last)));
  });
  replaceChildren(byId('room-list'), items.length ? items : el('li', { class: 'hint' }, 'No rooms yet.'));
}

async function openRoom(id) {
  show('room');
  byId('composer-input').value = '';
  await chat.openRoom(id);
  chat.refreshRooms().catch(() => {}); // Member counts and presence change while a room is closed.
  drawRoomHeader();
  drawRooms();
  drawMessages(false, true);
  drawTyping();
  byId('composer-input').focus();
}

function drawRoomHeader() {
  const room = chat?.rooms.get(chat.openRoomId);
  if (!room) {
    return;
  }
  const partner = partnerOf(room, chat.me.username);
  byId('room-title').textContent = partner ?? room.name;
  byId('room-subtitle').textContent = partner ? presenceText(partner) : `${room.memberCount} member${room.memberCount === 1 ? '' : 's'}`;
}

function drawTyping() {
  const room = chat.rooms.get(chat.openRoomId);
  const names = room ? [...room.typing.keys()] : [];
  byId('typing').textContent = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

/** Redraws the open room's messages: by seq, then the sends waiting for their ack; keeps the reader's place. */
function drawMessages(prepended, toBottom = false) {
  const room = chat.rooms.get(chat.openRoomId);
  if (!room || view !== 'room') {
    return;
  }
  const box = byId('messages');
  const fromBottom = box.scrollHeight - box.scrollTop;
  const atBottom = fromBottom - box.clientHeight < 40;
  const messages = [...room.messages.values()].sort((a, b) => a.seq - b.seq);
  const pending = [...room.pending.values()].map((p) => ({ sender: chat.me.username, text: p.text, sent_at: p.sentAt, client_id: p.clientId, pending: p }));
  const items = [];
  let lastDay = null;
  for (const message of [...messages, ...pending]) {
    const date = new Date(message.sent_at);
    if (dayKey(date) !== lastDay) {
      lastDay = dayKey(date);
      // A heading per day: screen-reader users can jump from day to day.
      items.push(el('li', { class: 'day' }, el('h3', {}, dayLabel(date))));
    }
    items.push(messageItem(message, date));
  }
  replaceChildren(byId('message-list'), items);
  byId('older-button').hidden = !room.hasMore;
  if (toBottom || (atBottom && !prepended)) {
    box.scrollTop = box.scrollHeight;
  } else if (prepended) {
    box.scrollTop = box.scrollHeight - fromBottom; // The same message stays under the reader's eyes.
  }
  if (room.hasMore && box.scrollHeight <= box.clientHeight) {
    loadOlder(); // Not enough to scroll yet: fill the screen.
  }
}

function messageItem(message, date) {
  const mine = message.sender === chat.me.username;
  const status = message.pending ? (message.pending.failed ? `Not sent: ${message.pending.failed}` : 'Sending…') : null;
  return el('li', {
    class: `message${mine ? ' mine' : ''}${message.pending && !message.pending.failed ? ' sending' : ''}${message.pending?.failed ? ' failed' : ''}`,
    'data-seq': message.seq ?? null,
    'data-client-id': message.client_id,
  },
  el('span', { class: 'meta' },
    el('span', { class: 'sender' }, mine ? 'You' : message.sender),
    ' ',
    el('time', { dateTime: message.sent_at, title: formatDateTime(date) }, formatTime(date))),
  el('p', { class: 'text' }, message.text),
  status ? el('span', { class: 'status' }, status) : null);
}

async function loadOlder() {
  try {
    await chat.loadOlder(chat.openRoomId);
  } catch {
    // Offline: the next scroll tries again.
  }
}

byId('messages').addEventListener('scroll', () => {
  if (byId('messages').scrollTop < 80) {
    loadOlder();
  }
});
byId('older-button').addEventListener('click', loadOlder);

byId('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('composer-input');
  const text = input.value.trim();
  if (!text || chat.openRoomId === null) {
    return;
  }
  chat.send(chat.openRoomId, text);
  input.value = '';
  byId('messages').scrollTop = byId('messages').scrollHeight;
});
byId('composer-input').addEventListener('input', () => {
  if (byId('composer-input').value) {
    chat.typing(chat.openRoomId);
  }
});
window.addEventListener('focus', () => chat?.openRoomId !== null && chat?.markRead(chat.openRoomId));

function backToList() {
  chat.closeRoom();
  show('empty');
  drawRooms();
  byId('create-name').focus();
}
byId('back-button').addEventListener('click', backToList);
byId('settings-back-button').addEventListener('click', backToList);

// ---- sidebar forms -----------------------------------------------------------------------------------------------

async function sidebarAction(action) {
  const error = byId('sidebar-error');
  error.textContent = '';
  try {
    await action();
  } catch (failure) {
    error.textContent = failure instanceof ApiError ? failure.message : 'The chat cannot be reached. Try again in a moment.';
  }
}

byId('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('create-name');
  const name = input.value.trim();
  if (!name) {
    return;
  }
  sidebarAction(async () => {
    const id = await chat.createRoom(name);
    input.value = '';
    await openRoom(id);
  });
});

byId('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sidebarAction(async () => {
    const found = await chat.searchPublic(byId('search-query').value.trim());
    const items = found.map((room) => el('li', {},
      el('span', { class: 'room-title' }, room.name),
      chat.rooms.has(room.id)
        ? el('button', { type: 'button', onclick: () => openRoom(room.id), 'aria-label': `Open ${room.name}` }, 'Open')
        : el('button', {
          type: 'button',
          'aria-label': `Join ${room.name}`,
          onclick: () => sidebarAction(async () => {
            await chat.joinRoom(room.id);
            replaceChildren(byId('search-results'));
            await openRoom(room.id);
          }),
        }, 'Join')));
    replaceChildren(byId('search-results'), items.length ? items : el('li', { class: 'hint' }, 'No public rooms match.'));
  });
});

byId('dm-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('dm-username');
  const username = input.value.trim().toLowerCase();
  if (!username) {
    return;
  }
  sidebarAction(async () => {
    const id = await chat.openDirect(username);
    input.value = '';
    await openRoom(id);
  });
});

// ---- settings ----------------------------------------------------------------------------------------------------

byId('settings-button').addEventListener('click', async () => {
  chat.closeRoom();
  show('settings');
  drawRooms();
  byId('settings-title').focus();
  byId('settings-error').textContent = '';
  try {
    const me = await session.fetch('/api/me');
    byId('show-last-seen').checked = me.show_last_seen;
    await drawSessions();
  } catch (failure) {
    byId('settings-error').textContent = failure.message;
  }
});

byId('show-last-seen').addEventListener('change', async (event) => {
  const wanted = event.target.checked;
  try {
    const me = await session.fetch('/api/me', { method: 'PATCH', body: { show_last_seen: wanted } });
    event.target.checked = me.show_last_seen;
    // The switch works both ways (hidden users do not see others either): re-read what this user may see.
    await chat.refreshRooms();
  } catch (failure) {
    event.target.checked = !wanted;
    byId('settings-error').textContent = failure.message;
  }
});

async function drawSessions() {
  const sessions = await session.fetch('/api/auth/sessions');
  const items = sessions.map((device) => {
    const current = device.id === session.sessionId;
    const name = device.user_agent || 'Unknown device';
    const agentId = `session-${device.id}`;
    return el('li', { class: 'session' },
      el('span', { class: 'session-agent', id: agentId }, name, current ? el('strong', {}, ' (this device)') : null),
      el('span', { class: 'hint' }, `Logged in ${formatDateTime(new Date(device.created))}, last active ${ago(new Date(device.last_used))}`),
      el('button', {
        type: 'button',
        'aria-describedby': agentId,
        onclick: async () => {
          try {
            await session.fetch(`/api/auth/sessions/${device.id}`, { method: 'DELETE' });
            if (current) {
              await session.logout();
            } else {
              await drawSessions();
            }
          } catch (failure) {
            byId('settings-error').textContent = failure.message;
          }
        },
      }, 'Sign out this device'));
  });
  replaceChildren(byId('session-list'), items);
}

byId('logout-button').addEventListener('click', () => session.logout());

// ---- start -------------------------------------------------------------------------------------------------------

if (session.canResume) {
  startApp();
} else {
  showLogin();
}
