-- Speechmeter's tables for mariadb, for a DBA who creates them by hand: run this file once on an
-- empty schema, then start the application with speechmeter.schema.mode=none. Generated from the
-- migrations the application runs itself under speechmeter.schema.mode=migrate. A test keeps it equal.

-- V1__initial_schema.sql
-- Organizations, projects, their limits, API keys and usage entries (MariaDB 10.7 or later).
-- Times are datetime(6) in UTC: MariaDB has no timestamp with time zone, and its timestamp type
-- ends in 2038. Text compares byte for byte, trailing spaces included, as in PostgreSQL.
-- Primary keys have no names of their own: MariaDB calls each one PRIMARY.

create table sm_organization (
    id         uuid         not null,
    name       varchar(200) not null,
    created_at datetime(6)  not null,
    primary key (id),
    constraint sm_organization_name_uk unique (name)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

create table sm_project (
    id              uuid         not null,
    organization_id uuid         not null,
    name            varchar(200) not null,
    created_at      datetime(6)  not null,
    primary key (id),
    constraint sm_project_organization_fk foreign key (organization_id) references sm_organization (id),
    constraint sm_project_name_uk unique (organization_id, name)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

-- owner_id is an organization or a project. No row: the configured default; a null cap: no cap.
create table sm_limit (
    owner_id  uuid        not null,
    name      varchar(64) not null,
    cap_value integer,
    primary key (owner_id, name),
    constraint sm_limit_cap_ck check (cap_value >= 0)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

create table sm_api_key (
    id         uuid         not null,
    project_id uuid         not null,
    name       varchar(200) not null,
    key_hash   char(64)     not null,
    key_prefix varchar(16)  not null,
    created_at datetime(6)  not null,
    revoked_at datetime(6),
    primary key (id),
    constraint sm_api_key_project_fk foreign key (project_id) references sm_project (id),
    constraint sm_api_key_hash_uk unique (key_hash)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

create index sm_api_key_project_ix on sm_api_key (project_id);

create table sm_usage_entry (
    uuid                     uuid           not null,
    organization_id          uuid           not null,
    project_id               uuid           not null,
    api_key_id               uuid           not null,
    correlation_id           varchar(128),
    request_scope            varchar(64)    not null,
    endpoint                 varchar(2048),
    method                   varchar(16),
    status_code              integer        not null,
    billable                 boolean        not null,
    client_reference_id      varchar(256),
    model                    varchar(256),
    start_time               datetime(6)    not null,
    end_time                 datetime(6)    not null,
    input_text_tokens        bigint         not null,
    input_audio_tokens       bigint         not null,
    input_audio_duration_ms  bigint         not null,
    output_text_tokens       bigint         not null,
    output_audio_tokens      bigint         not null,
    output_audio_duration_ms bigint         not null,
    cost_usd                 numeric(20, 6) not null,
    input_cost_usd           numeric(20, 6) not null,
    input_text_cost_usd      numeric(20, 6) not null,
    input_audio_cost_usd     numeric(20, 6) not null,
    output_cost_usd          numeric(20, 6) not null,
    output_text_cost_usd     numeric(20, 6) not null,
    output_audio_cost_usd    numeric(20, 6) not null,
    primary key (uuid)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

-- The usage log pages through one project's entries by end time, then uuid.
create index sm_usage_entry_project_end_ix on sm_usage_entry (project_id, end_time, uuid);

-- V2__daily_usage.sql
-- Usage per project, UTC day and model, kept up to date in the transaction that writes the
-- entries, so that summaries never scan raw entries. A null model is stored as ''.

create table sm_usage_daily (
    project_id               uuid           not null,
    usage_day                date           not null,
    model                    varchar(256)   not null,
    num_requests             bigint         not null,
    input_text_tokens        bigint         not null,
    input_audio_tokens       bigint         not null,
    input_audio_duration_ms  bigint         not null,
    output_text_tokens       bigint         not null,
    output_audio_tokens      bigint         not null,
    output_audio_duration_ms bigint         not null,
    input_text_cost_usd      numeric(24, 6) not null,
    input_audio_cost_usd     numeric(24, 6) not null,
    output_text_cost_usd     numeric(24, 6) not null,
    output_audio_cost_usd    numeric(24, 6) not null,
    primary key (project_id, usage_day, model)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

-- V3__request_list.sql
-- The request list of a project (SPEC section 5) runs newest first over the start time.
create index sm_usage_entry_project_start_ix on sm_usage_entry (project_id, start_time, uuid);

-- V4__temporary_keys.sql
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

-- V5__key_permissions.sql
-- What each key may do, comma-separated: speech, usage:read. Keys made before may do everything.
alter table sm_api_key add column permissions varchar(200) default 'speech,usage:read' not null;

-- V6__capacities.sql
-- Capacities per billing period (SPEC section 3): the processed audio an organization or a
-- project may use on a label set in each calendar period (UTC).
create table sm_capacity (
    owner_id    uuid        not null,
    owner_level varchar(16) not null,
    technology  varchar(32) not null,
    vendor      varchar(64) not null,
    operation   varchar(64) not null,
    period      varchar(8)  not null,
    capacity_ms bigint      not null,
    primary key (owner_id, technology, vendor, operation, period),
    constraint sm_capacity_owner_level check (owner_level in ('organization', 'project')),
    constraint sm_capacity_period check (period in ('month', 'week', 'day', 'hour', 'minute')),
    constraint sm_capacity_positive check (capacity_ms >= 0)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

-- What an owner consumed on a label set in one period, and what extensions added to its
-- capacities for that period only. Period 'all' (starting 1970-01-01) is the all-time total.
-- Consumption has rows of days (months and weeks are summed from them), of hours and minutes
-- only where a capacity of that period exists, and the all-time row. A row is made by the first
-- debit or extension of its period, so periods roll over by themselves. Every read and delete
-- goes through the primary key.
-- Times are UTC.
create table sm_capacity_usage (
    owner_id     uuid        not null,
    technology   varchar(32) not null,
    vendor       varchar(64) not null,
    operation    varchar(64) not null,
    period       varchar(8)  not null,
    period_start datetime(6) not null,
    consumed_ms  bigint      not null,
    extended_ms  bigint      not null,
    primary key (owner_id, technology, vendor, operation, period, period_start)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;

-- V7__request_details.sql
-- What the Deepgram-style request list and usage show of a request besides its counts: the
-- channels of its audio (total_hours counts each), its language tag, and the caller's tags.
-- Tags are at most 10 of at most 128 characters, none holding a control character; they are
-- stored in one column, each preceded by a line feed and the last followed by one (a request
-- tagged a and b holds '\na\nb\n'), so that a tag filter is one position() search. No tags: null.
-- Entries made before have one channel, no language and no tags.
alter table sm_usage_entry add column channels integer default 1 not null;
alter table sm_usage_entry add column language_tag varchar(35);
alter table sm_usage_entry add column tags varchar(1291);
alter table sm_usage_entry add constraint sm_usage_entry_channels check (channels between 1 and 64);

-- V8__capacity_label_subsets.sql
-- A capacity may name one, two or all three labels, and applies to every request whose labels
-- include them. A label it does not name is stored as '*' (no label value can be '*'); it names
-- at least one. Consumption rows keep a request's three labels; the extensions of a capacity that
-- names fewer are kept on a row of its own labels, '*' included.
alter table sm_capacity add constraint sm_capacity_names_a_label
    check (technology <> '*' or vendor <> '*' or operation <> '*');

-- Such a capacity sums the rows of every label set it applies to: read per owner and period
-- start, never through an owner's past days.
create index sm_capacity_usage_owner_period_ix on sm_capacity_usage (owner_id, period, period_start);

-- V9__open_jobs.sql
-- Metered jobs that have not ended: written before a job's submit is answered, deleted once its
-- usage entry is with the ledger. owner is the server running the job, which renews renewed_at
-- while it runs; a row whose renewal is older than the lease belongs to a server that stopped, and
-- another server takes it over (and resumes or fails it) by changing owner in one update.
create table sm_open_job (
    id                  uuid         not null,
    correlation_id      varchar(128),
    api_key_id          uuid         not null,
    organization_id     uuid         not null,
    project_id          uuid         not null,
    request_scope       varchar(64)  not null,
    endpoint            varchar(2048),
    method              varchar(16)  not null,
    pool                varchar(64),
    technology          varchar(64),
    vendor              varchar(64),
    operation           varchar(64),
    client_reference_id varchar(256),
    start_time          datetime(6)     not null,
    owner               varchar(64)  not null,
    renewed_at          datetime(6)     not null,
    constraint sm_open_job_pk primary key (id)
);

-- The take-over looks for rows by age of renewal; a server renews its own by owner.
create index sm_open_job_renewed_ix on sm_open_job (renewed_at);
create index sm_open_job_owner_ix on sm_open_job (owner);

-- V10__idempotency_keys.sql
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
