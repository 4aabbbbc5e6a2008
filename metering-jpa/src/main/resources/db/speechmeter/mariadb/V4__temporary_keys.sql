-- Single-use temporary keys that have been used; a row is of no use once its key has expired.
create table sm_temporary_key_use (
    key_id     uuid        not null,
    expires_at datetime(6) not null,
    primary key (key_id)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

-- Secrets every server on this database shares, such as the one temporary keys are signed with.
create table sm_secret (
    name         varchar(64)  not null,
    secret_value varchar(256) not null,
    primary key (name)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;
