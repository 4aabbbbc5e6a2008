package dev.speechmeter.rest;

import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.TenantAdmin;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The capacity part of the admin surface, behind {@link AdminResource}'s role check: one
 * capacity is addressed by its owner, its labels and its period, all in the path; {@code *} stands for
 * a label the capacity does not name.
 *
 * <pre>
 * PUT    /v1/admin/projects/{id}/capacities/speech_to_text/sample/transcribe/day   {"capacity": 3600}
 * PUT    /v1/admin/projects/{id}/capacities/speech_to_text/&#42;/&#42;/month   {"capacity": 360000}
 * POST   /v1/admin/projects/{id}/capacities/speech_to_text/sample/transcribe/day/extensions   {"extra": 600}
 * DELETE /v1/admin/projects/{id}/capacities/speech_to_text/sample/transcribe/day
 * GET    /v1/admin/projects/{id}/capacities
 * </pre>
 */
final class CapacityAdmin {

    private final ApiCall call;
    private final TenantAdmin admin;
    private final CapacityLedger capacities;
    private final Instant now;

    CapacityAdmin(ApiCall call, TenantAdmin admin, CapacityLedger capacities, Instant now) {
        this.call = call;
        this.admin = admin;
        this.capacities = capacities;
        this.now = now;
    }

    /** Every capacity of the owner in its current period, as {@code /api/billing/capacities} shows them. */
    Response list(Level level, String id) {
        if (capacities == CapacityLedger.NONE) {
            return noStore();
        }
        Optional<CapacityOwner> owner = owner(level, id);
        if (owner.isEmpty()) {
            return noOwner(level);
        }
        return call.ok(BillingJson.capacities(capacities.standings(owner.get(), now)));
    }

    Response set(Level level, String id, Path path, String body) {
        AdminBody request = AdminBody.parse(body);
        Duration capacity = request.seconds("capacity", false);
        return change(level, id, path, request, (owner, labels, period) -> {
            capacities.setCapacity(owner, labels, period, capacity);
            return call.noContent();
        });
    }

    Response extend(Level level, String id, Path path, String body) {
        AdminBody request = AdminBody.parse(body);
        Duration extra = request.seconds("extra", true);
        return change(level, id, path, request, (owner, labels, period) ->
                capacities.extend(owner, labels, period, extra, now) ? call.noContent() : noCapacity());
    }

    Response remove(Level level, String id, Path path) {
        return change(level, id, path, AdminBody.parse("{}"), (owner, labels, period) ->
                capacities.removeCapacity(owner, labels, period) ? call.noContent() : noCapacity());
    }

    private Response change(Level level, String id, Path path, AdminBody request, Change change) {
        List<ValidationError> errors = new ArrayList<>(path.errors());
        errors.addAll(request.errors());
        if (!errors.isEmpty()) {
            return call.invalid(errors);
        }
        if (capacities == CapacityLedger.NONE) {
            return noStore();
        }
        Optional<CapacityOwner> owner = owner(level, id);
        if (owner.isEmpty()) {
            return noOwner(level);
        }
        return change.apply(owner.get(), path.labels(), path.period());
    }

    private Optional<CapacityOwner> owner(Level level, String id) {
        return ApiCall.pathId(id)
                .filter(uuid -> level == Level.ORGANIZATION
                        ? admin.organizationExists(uuid) : admin.projectExists(uuid))
                .map(uuid -> new CapacityOwner(level, uuid));
    }

    private Response noOwner(Level level) {
        return call.notFound("There is no " + level.wireName() + " with this id.");
    }

    private Response noStore() {
        return call.notFound("This server keeps no capacities: add a store such as metering-jpa.");
    }

    private Response noCapacity() {
        return call.notFound("There is no capacity on these labels for this period.");
    }

    /**
     * The labels and period of a capacity's path, checked: one validation error per bad part,
     * located at {@code path.<name>}. A label given as {@value #ANY} is not named: the capacity
     * applies whatever the request's value; at least one label must be named.
     */
    record Path(LabelSet labels, BillingPeriod period, List<ValidationError> errors) {

        /** The path segment of a label the capacity does not name. */
        static final String ANY = "*";

        static Path of(String technology, String vendor, String operation, String period) {
            List<ValidationError> errors = new ArrayList<>();
            LabelSet labels = null;
            if (ANY.equals(technology) && ANY.equals(vendor) && ANY.equals(operation)) {
                errors.add(new ValidationError("missing", "path.technology", "A capacity names at least one "
                        + "label: technology, vendor or operation ('" + ANY + "' stands for any value)."));
            } else {
                try {
                    labels = new LabelSet(named(technology), named(vendor), named(operation));
                } catch (IllegalArgumentException e) {
                    String part = e.getMessage().startsWith("technology") ? "technology"
                            : e.getMessage().startsWith("vendor") ? "vendor" : "operation";
                    errors.add(new ValidationError(part.equals("technology") ? "enum" : "string_pattern_mismatch",
                            "path." + part, e.getMessage() + "."));
                }
            }
            Optional<BillingPeriod> billingPeriod = BillingPeriod.ofWireName(period);
            if (billingPeriod.isEmpty()) {
                errors.add(new ValidationError("enum", "path.period",
                        "period must be one of month, week, day, hour, minute."));
            }
            return new Path(labels, billingPeriod.orElse(null), List.copyOf(errors));
        }

        private static String named(String label) {
            return ANY.equals(label) ? null : label;
        }
    }

    @FunctionalInterface
    private interface Change {
        Response apply(CapacityOwner owner, LabelSet labels, BillingPeriod period);
    }
}
