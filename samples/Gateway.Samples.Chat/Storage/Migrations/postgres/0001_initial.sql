-- Timestamps are Unix milliseconds (UTC) so both providers share one representation and the same queries.
CREATE TABLE users (
    id             bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text    NOT NULL UNIQUE,
    password_hash  text    NOT NULL,
    show_last_seen boolean NOT NULL DEFAULT TRUE,
    last_seen      bigint  NULL,
    created_at     bigint  NOT NULL
);

CREATE TABLE refresh_families (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   text   NOT NULL,
    created_at   bigint NOT NULL,
    last_used_at bigint NOT NULL,
    revoked_at   bigint NULL
);
CREATE INDEX refresh_families_user ON refresh_families (user_id);

-- used_at is set when a token is rotated; presenting a token with used_at set is reuse.
CREATE TABLE refresh_tokens (
    token_hash text   PRIMARY KEY,
    family_id  bigint NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- last_seq is the room's message counter: incrementing it in the storing transaction locks the room row, so
-- concurrent senders get consecutive seq values and no gaps.
CREATE TABLE rooms (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text   NOT NULL,
    kind       text   NOT NULL CHECK (kind IN ('public', 'direct')),
    direct_key text   NULL UNIQUE,
    last_seq   bigint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL
);

CREATE TABLE memberships (
    room_id       bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at     bigint NOT NULL,
    last_read_seq bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE messages (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id   bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    seq       bigint NOT NULL,
    sender_id bigint NOT NULL REFERENCES users (id),
    client_id text   NOT NULL,
    text      text   NOT NULL,
    sent_at   bigint NOT NULL,
    UNIQUE (room_id, seq),
    UNIQUE (sender_id, client_id)
);
