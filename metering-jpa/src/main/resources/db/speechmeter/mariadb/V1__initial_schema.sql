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
