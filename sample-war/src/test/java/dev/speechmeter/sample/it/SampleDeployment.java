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
        String mapping = "/v1/transcriptions ";
        if (!webXml.contains(mapping)) {
            throw new IllegalStateException("The sample's web.xml no longer maps " + mapping.strip());
        }
        archive.delete("WEB-INF/web.xml");
        return archive.setWebXML(new StringAsset(webXml.replace(mapping,
                FailingWorkResource.MAPPED + "  transcribe_async  pool=transcribe\n                " + mapping)));
    }

    private static String webXml(WebArchive archive) {
        try (InputStream in = archive.get("WEB-INF/web.xml").getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
