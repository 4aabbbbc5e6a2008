package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every {@code speechmeter.schema.*} setting, and no other. */
class JpaConfigurationDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(speechmeter\\.schema\\.[^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyStoreSettingIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "configuration.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).containsExactly(SchemaMode.PROPERTY);
    }
}
