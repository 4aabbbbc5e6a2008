package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.ProcessingMethod;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Level;
import jakarta.ws.rs.Path;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.junit.jupiter.api.Test;

/**
 * The values the OpenAPI document lists are the ones the endpoints take: a value added to the code
 * but not to the document, or the other way round, fails here. Bounds need no test: the
 * annotations take them from the parsers' constants.
 */
class OpenApiValuesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void theConcurrencyHistoryListsEveryKindAndPeriodItTakes() {
        List<String> kinds = queryParameter(ConcurrentStreamsHistoryResource.class, "kind");
        List<String> periods = queryParameter(ConcurrentStreamsHistoryResource.class, "period_sec");

        assertThat(periods).containsExactlyInAnyOrderElementsOf(Arrays.stream(Resolution.values())
                .map(resolution -> Integer.toString(resolution.seconds())).toList());
        for (String kind : kinds) {
            assertThat(ConcurrencyHistoryRequest.parse(Map.of("start_time", List.of("2026-11-22T00:00:00Z"),
                    "end_time", List.of("2026-11-22T01:00:00Z"), "period_sec", List.of("60"), "kind", List.of(kind)))
                    .errors()).as(kind).isEmpty();
        }
        assertThat(kinds).containsExactlyInAnyOrder("stt", "tts");
    }

    @Test
    void theProjectQueriesListEveryValueTheyTake() {
        List<String> statuses = queryParameter(ProjectsResource.class, "status");
        assertThat(statuses).hasSize(2).allSatisfy(status -> assertThat(
                ProjectQuery.requests(Map.of("status", List.of(status)), NOW).errors()).isEmpty());
        assertThat(ProjectQuery.requests(Map.of("status", List.of("pending")), NOW).errors()).isNotEmpty();
        assertThat(values(ProjectSchemas.Method.class))
                .containsExactlyInAnyOrderElementsOf(ProcessingMethod.wireNames());
        assertThat(values(ProjectSchemas.GroupingName.class))
                .containsExactlyElementsOf(ProjectQuery.GROUPINGS.keySet());
    }

    @Test
    void theAdminSurfaceListsEveryLabelPeriodLevelAndPermission() {
        assertThat(values(AdminSchemas.Technology.class)).containsExactlyInAnyOrderElementsOf(
                Stream.concat(Stream.of(CapacityAdmin.Path.ANY), LabelSet.TECHNOLOGIES.stream()).toList());
        assertThat(values(AdminSchemas.Period.class)).containsExactlyElementsOf(
                Arrays.stream(BillingPeriod.values()).map(BillingPeriod::wireName).toList());
        assertThat(values(AdminSchemas.Permission.class)).containsExactlyInAnyOrderElementsOf(
                KeyPermission.ALL.stream().map(KeyPermission::wireName).toList());
        String levels = String.join("|", values(AdminSchemas.OwnerLevel.class));
        assertThat(Arrays.stream(AdminResource.class.getMethods()).map(method -> method.getAnnotation(Path.class))
                .filter(path -> path != null && path.value().contains("{level"))).isNotEmpty()
                .allSatisfy(path -> assertThat(path.value()).startsWith("{level: " + levels + "}/"));
        Pattern label = Pattern.compile(AdminSchemas.FreeLabel.class.getAnnotation(Schema.class).pattern());
        for (String vendor : List.of("*", "sample", "a.b-c_9", "-sample", ".x", "v".repeat(64), "v".repeat(65), "é")) {
            assertThat(label.matcher(vendor).matches()).as(vendor)
                    .isEqualTo(CapacityAdmin.Path.of("speech_to_text", vendor, "transcribe", "day").errors().isEmpty());
        }
    }

    @Test
    void billingListsEveryLevel() throws Exception {
        List<String> levels = Arrays.stream(Level.values()).map(Level::wireName).toList();

        assertThat(componentValues(BillingSchemas.CapacityStanding.class, "level")).containsExactlyElementsOf(levels);
        assertThat(componentValues(BillingSchemas.ConsumptionItem.class, "level")).containsExactlyElementsOf(levels);
    }

    private static List<String> queryParameter(Class<?> resource, String name) {
        return Arrays.stream(resource.getDeclaredMethods())
                .flatMap(method -> Arrays.stream(method.getAnnotationsByType(Parameter.class)))
                .filter(parameter -> parameter.name().equals(name))
                .map(parameter -> List.of(parameter.schema().enumeration()))
                .findFirst().orElseThrow(() -> new AssertionError("no parameter " + name + " on " + resource));
    }

    private static List<String> values(AnnotatedElement schema) {
        return List.of(schema.getAnnotation(Schema.class).enumeration());
    }

    private static List<String> componentValues(Class<? extends Record> record, String component) throws Exception {
        Method accessor = record.getDeclaredMethod(component);
        return values(accessor);
    }
}
