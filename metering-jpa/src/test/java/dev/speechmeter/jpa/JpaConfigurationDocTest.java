package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's section on the database store documents every setting the store reads, and no other. */
class JpaConfigurationDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(speechmeter\\.[^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyStoreSettingIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        String section = doc.substring(doc.indexOf("\n## The database store"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).containsExactlyElementsOf(StoreSettings.PROPERTIES);
    }
}
