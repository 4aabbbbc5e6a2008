package dev.speechmeter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleServletTest {

    @ParameterizedTest
    @ValueSource(strings = {"/console/console.js", "/console/index.html", "/webjars/uplot/1.6.30/dist/uPlot.esm.js"})
    void servesTheConsolesFilesAndTheChartLibrary(String path) {
        assertThat(ConsoleServlet.servable(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/../WEB-INF/web.xml", "/console/./console.js", "/console//console.js",
        "/console/..\\\\WEB-INF\\\\web.xml", "/console/", "/console/lib/", "/WEB-INF/web.xml",
        "/webjars/other/1.0/x.js", "/webjars/uplot/../../WEB-INF/web.xml", "/consoles/x.js"})
    void servesNothingElse(String path) {
        assertThat(ConsoleServlet.servable(path)).isFalse();
    }

    @Test
    void thePageNamesTheChartLibraryOfThisBuildAndAsksForNoInlineCode() throws IOException {
        String page = resource("META-INF/resources/console/index.html");
        String charts = resource("META-INF/resources/console/uplot.js");

        assertThat(page).contains("../webjars/uplot/" + System.getProperty("uplot.version") + "/dist/uPlot.min.css")
                .doesNotContain("${").doesNotContain("<script>").doesNotContain("style=").doesNotContain("onclick");
        assertThat(charts).contains("/dist/uPlot.esm.js").doesNotContain("${");
        String library = charts.substring(charts.indexOf("'../") + 4, charts.lastIndexOf('\''));
        assertThat(ConsoleServletTest.class.getClassLoader().getResource("META-INF/resources/" + library))
                .as("the WebJar has the file the page loads").isNotNull();
        assertThat(ConsoleServlet.servable("/" + library)).isTrue();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ConsoleServletTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
