-- A capacity may name one, two or all three labels, and applies to every request whose labels
-- include them. A label it does not name is stored as '*' (no label value can be '*'); it names
-- at least one. Consumption rows keep a request's three labels; the extensions of a capacity that
-- names fewer are kept on a row of its own labels, '*' included.
alter table sm_capacity add constraint sm_capacity_names_a_label
    check (technology <> '*' or vendor <> '*' or operation <> '*');

-- Such a capacity sums the rows of every label set it applies to: read per owner and period
-- start, never through an owner's past days.
create index sm_capacity_usage_owner_period_ix on sm_capacity_usage (owner_id, period, period_start);
