-- Single-use temporary keys that have been used; a row is of no use once its key has expired.
create table sm_temporary_key_use (
    key_id     uuid                        not null,
    expires_at timestamp(6) with time zone not null,
    constraint sm_temporary_key_use_pk primary key (key_id)
);

-- Secrets every server on this database shares, such as the one temporary keys are signed with.
create table sm_secret (
    name         varchar(64)  not null,
    secret_value varchar(256) not null,
    constraint sm_secret_pk primary key (name)
);
