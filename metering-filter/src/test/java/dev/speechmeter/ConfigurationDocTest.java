package dev.speechmeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the code name the same properties, no more, no fewer. The settings of
 * the sections on the database store and on Redis belong to metering-jpa and metering-redis,
 * whose own tests check them.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(speechmeter\\.[^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyPropertyInTheCodeIsDocumentedAndNothingElse() throws IOException {
        assertThat(documented()).isEqualTo(inCode());
    }

    /** The properties of the sections that are not a store module's own. */
    private static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String section : Files.readString(DOC).split("\n## ")) {
            if (section.startsWith("The database store") || section.startsWith("Limits shared by a fleet")) {
                continue;
            }
            Matcher row = TABLE_ROW.matcher(section);
            while (row.find()) {
                names.add(row.group(1));
            }
        }
        return names;
    }

    private static Set<String> inCode() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Field field : MeteringProperties.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String name = constant(field);
                if (name.equals(MeteringProperties.PREFIX)) {
                    continue;
                }
                if (name.equals(MeteringProperties.PRICE_PREFIX)) {
                    MeteringProperties.PRICE_NAMES.forEach(price -> names.add(name + "<model>." + price));
                } else if (name.endsWith(".")) {
                    names.add(name + "requests_per_minute");
                    names.add(name + "<pool>_concurrent");
                } else {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
