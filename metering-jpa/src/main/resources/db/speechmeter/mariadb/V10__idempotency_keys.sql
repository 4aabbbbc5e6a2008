-- Idempotency keys of submits (the Idempotency-Key header), shared by every server: one row per
-- project and key, forgotten once expires_at passes (pruned in small batches). A running row
-- (status null) is held by request_id since started_at; a completed one keeps the response its
-- repeats get: its status, the headers worth repeating (one "name: value" a line), and its body of
-- at most 64 KiB (body_kept false, body null, when it was larger). fingerprint is the SHA-256 of
-- the request's method, path, query and body.
create table sm_idempotency_key (
    project_id  uuid          not null,
    idem_key    varchar(255)  not null,
    fingerprint binary(32)    not null,
    request_id  uuid          not null,
    started_at  datetime(6)   not null,
    expires_at  datetime(6)   not null,
    status      integer,
    headers     varchar(4000),
    body_kept   boolean,
    body        mediumblob,
    primary key (project_id, idem_key)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;
create index sm_idempotency_key_expires_ix on sm_idempotency_key (expires_at);
