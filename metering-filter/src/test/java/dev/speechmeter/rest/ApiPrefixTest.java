package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which requests come through {@code speechmeter.rest.prefix}, and what they become. */
class ApiPrefixTest {

    private static final URI BASE = URI.create("http://localhost:8080/api/");

    @Test
    void anOwnEndpointUnderThePrefixLosesThePrefixAndKeepsItsQuery() {
        assertThat(ApiPrefix.stripped(BASE, URI.create("http://localhost:8080/api/metering/v1/usage-logs?limit=2&x=%20"),
                "/metering")).isEqualTo(URI.create("http://localhost:8080/api/v1/usage-logs?limit=2&x=%20"));
        assertThat(ApiPrefix.stripped(BASE, URI.create("http://localhost:8080/api/speech/usage/v1/projects/a%2Fb/keys"),
                "/speech/usage")).isEqualTo(URI.create("http://localhost:8080/api/v1/projects/a%2Fb/keys"));
        assertThat(ApiPrefix.stripped(URI.create("http://h/"), URI.create("http://h/m/api/billing/capacities"), "/m"))
                .isEqualTo(URI.create("http://h/api/billing/capacities"));
        assertThat(ApiPrefix.stripped(URI.create("http://h/ctx"), URI.create("http://h/ctx/m/v1/admin/organizations"), "/m"))
                .as("a base without its trailing slash")
                .isEqualTo(URI.create("http://h/ctx/v1/admin/organizations"));
    }

    @Test
    void everythingElseIsLeftAsItIs() {
        for (String target : new String[] {
                "http://localhost:8080/api/metering",
                "http://localhost:8080/api/metering/",
                "http://localhost:8080/api/metering/notes/1",
                "http://localhost:8080/api/metering/v1/usage-logsx",
                "http://localhost:8080/api/meteringx/v1/usage-logs",
                "http://localhost:8080/api/v1/usage-logs",
                "http://localhost:8080/api/METERING/v1/usage-logs",
                "http://localhost:8080/other/metering/v1/usage-logs"}) {
            assertThat(ApiPrefix.stripped(BASE, URI.create(target), "/metering")).as(target).isNull();
        }
    }
}
