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
    constraint sm_capacity_pk primary key (owner_id, technology, vendor, operation, period),
    constraint sm_capacity_owner_level check (owner_level in ('organization', 'project')),
    constraint sm_capacity_period check (period in ('month', 'week', 'day', 'hour', 'minute')),
    constraint sm_capacity_positive check (capacity_ms >= 0)
);

-- What an owner consumed on a label set in one period, and what extensions added to its
-- capacities for that period only. Period 'all' (starting 1970-01-01) is the all-time total.
-- Consumption has rows of days (months and weeks are summed from them), of hours and minutes
-- only where a capacity of that period exists, and the all-time row. A row is made by the first
-- debit or extension of its period, so periods roll over by themselves. Every read and delete
-- goes through the primary key.
create table sm_capacity_usage (
    owner_id     uuid                        not null,
    technology   varchar(32)                 not null,
    vendor       varchar(64)                 not null,
    operation    varchar(64)                 not null,
    period       varchar(8)                  not null,
    period_start timestamp(6) with time zone not null,
    consumed_ms  bigint                      not null,
    extended_ms  bigint                      not null,
    constraint sm_capacity_usage_pk primary key (owner_id, technology, vendor, operation, period, period_start)
);
