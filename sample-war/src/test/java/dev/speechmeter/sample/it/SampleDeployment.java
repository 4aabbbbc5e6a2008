package dev.speechmeter.sample.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The sample WAR this module built, as deployed by the quick start, plus the test-only support
 * resources; its web.xml maps one more endpoint, {@link FailingWorkResource#MAPPED}.
 */
final class SampleDeployment {

    private SampleDeployment() {
    }

    static WebArchive withTestSupport() {
        File war = new File(System.getProperty("sample.war", "target/speechmeter-sample.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("The sample WAR " + war + " is missing: run the integration tests "
                    + "through Maven (mvn verify), which packages it first");
        }
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(TestSupportResource.class,
                HeldWorkResource.class, FailingWorkResource.class);
        String webXml = webXml(archive);
        String endpoints = "<param-name>speechmeter.endpoints</param-name>";
        String values = "<param-value>";
        int at = webXml.indexOf(values, webXml.indexOf(endpoints));
        if (webXml.indexOf(endpoints) < 0 || at < 0 || !webXml.contains("/v1/transcriptions ")) {
            throw new IllegalStateException("The sample's web.xml no longer maps its endpoints in " + endpoints);
        }
        archive.delete("WEB-INF/web.xml");
        int lineStart = at + values.length();
        return archive.setWebXML(new StringAsset(webXml.substring(0, lineStart) + "\n                "
                + FailingWorkResource.MAPPED + "  transcribe_async  pool=transcribe\n                "
                + "POST " + HeldWorkResource.MAPPED + "  transcribe_async  pool=transcribe" + webXml.substring(lineStart)));
    }

    private static String webXml(WebArchive archive) {
        try (InputStream in = archive.get("WEB-INF/web.xml").getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
