package dev.speechmeter.rest;

import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/**
 * The billing endpoints (Phonexia style): where the capacities of the caller's project and
 * organization stand in their current periods, and all-time consumption per label set. A key
 * with the {@code usage:read} permission may ask. Every answer carries {@code X-Correlation-Id}:
 * the client's {@code X-Correlation-Id}, else its {@code X-Request-Id}, else the server's request id.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" http://localhost:8080/api/billing/capacities
 * curl -H "Authorization: Bearer $KEY" http://localhost:8080/api/billing/consumptions
 * </pre>
 */
@Path("/api/billing")
@RequestScoped
public class BillingResource extends ApiResource {

    @GET
    @Path("capacities")
    @Produces(MediaType.APPLICATION_JSON)
    public Response capacities(@HeaderParam("Authorization") String authorization) {
        return answer(authorization, caller -> BillingJson.capacities(capacities().standings(
                caller.organizationId(), caller.projectId(), runtime.engine().clock().instant())));
    }

    @GET
    @Path("consumptions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response consumptions(@HeaderParam("Authorization") String authorization) {
        return answer(authorization, caller -> BillingJson.consumptions(
                capacities().consumptions(caller.organizationId(), caller.projectId())));
    }

    private Response answer(String authorization, Function<Caller, JsonObject> body) {
        ApiCall call = call(authorization);
        return call.refusal() != null ? call.refusal() : call.ok(body.apply(call.caller()));
    }

    private CapacityLedger capacities() {
        return runtime.engine().capacities();
    }
}
