package dev.speechmeter.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The bill of materials names every library jar at the project's own version, so an application
 * that imports it gets the jars this build makes, and it never drifts behind a version change.
 */
class BomTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theBomNamesEveryLibraryJarAtTheProjectsVersion() throws Exception {
        String projectVersion = ownVersion(read(ROOT.resolve("pom.xml")));
        Document bom = read(ROOT.resolve("speechmeter-bom/pom.xml"));

        assertThat(ownVersion(bom)).isEqualTo(projectVersion);
        assertThat(bom.getDocumentElement().getElementsByTagName("parent").getLength())
                .as("no parent: importing the BOM brings Speechmeter's versions and nothing else").isZero();
        List<String> managed = new ArrayList<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertThat(text(dependency, "version")).as(text(dependency, "artifactId")).isEqualTo(projectVersion);
            managed.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
        }
        assertThat(managed).containsExactly("dev.speechmeter:metering-filter", "dev.speechmeter:metering-jpa",
                "dev.speechmeter:metering-redis", "dev.speechmeter:metering-console");
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** The project's own {@code <version>}, a direct child of {@code <project>}. */
    private static String ownVersion(Document pom) {
        for (Node child = pom.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals("version")) {
                return element.getTextContent().strip();
            }
        }
        throw new AssertionError("no version");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
