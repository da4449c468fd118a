-- Timestamps are Unix milliseconds (UTC) so both providers share one representation and the same queries.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    show_last_seen INTEGER NOT NULL DEFAULT 1,
    last_seen      INTEGER NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE refresh_families (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    revoked_at   INTEGER NULL
);
CREATE INDEX refresh_families_user ON refresh_families (user_id);

-- used_at is set when a token is rotated; presenting a token with used_at set is reuse.
CREATE TABLE refresh_tokens (
    token_hash TEXT    PRIMARY KEY,
    family_id  INTEGER NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- last_seq is the room's message counter: incrementing it in the storing transaction makes seq gap-free.
CREATE TABLE rooms (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('public', 'direct')),
    direct_key TEXT    NULL UNIQUE,
    last_seq   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE memberships (
    room_id       INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at     INTEGER NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE messages (
    id        INTEGER PRIMARY KEY,
    room_id   INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users (id),
    client_id TEXT    NOT NULL,
    text      TEXT    NOT NULL,
    sent_at   INTEGER NOT NULL,
    UNIQUE (room_id, seq),
    UNIQUE (sender_id, client_id)
);
