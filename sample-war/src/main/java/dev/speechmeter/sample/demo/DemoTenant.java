package dev.speechmeter.sample.demo;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.NameTakenException;
import dev.speechmeter.spi.TenantAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the sample usable on first start: organization {@value #NAME}, project {@value #NAME} and
 * one API key, unless they exist already. Their limits are the configured defaults
 * ({@code speechmeter.limits.*} in {@code META-INF/microprofile-config.properties}); a new demo
 * project also gets a capacity of {@value #DAILY_TRANSCRIPTION_HOURS} hour of transcription a day,
 * to show in {@code /api/billing/capacities}.
 *
 * <p>The key is {@value DemoKey#VARIABLE} when that is set, else a fresh random one. It is logged
 * once, when it is created: this is a demo. A production deployment creates keys through
 * {@link TenantAdmin} and hands the secret to its owner, never to a log.
 */
@ApplicationScoped
public class DemoTenant {

    static final String NAME = "demo";
    static final int DAILY_TRANSCRIPTION_HOURS = 1;
    /** The labels of the sample's transcription endpoint, as {@code web.xml} declares them. */
    static final LabelSet TRANSCRIPTION = new LabelSet("speech_to_text", "sample", "transcribe");

    private static final System.Logger LOG = System.getLogger(DemoTenant.class.getName());

    private final TenantAdmin admin;
    private final KeyDirectory directory;
    private final CapacityLedger capacities;
    private final Optional<String> chosenKey;
    private final String baseUrl;

    @Inject
    public DemoTenant(TenantAdmin admin, KeyDirectory directory, CapacityLedger capacities,
                      @ConfigProperty(name = DemoKey.VARIABLE) Optional<String> chosenKey,
                      @ConfigProperty(name = "sample.base-url", defaultValue = "http://localhost:8080/") String baseUrl) {
        this.admin = admin;
        this.directory = directory;
        this.capacities = capacities;
        this.chosenKey = chosenKey.filter(key -> !key.isEmpty());
        this.baseUrl = baseUrl;
    }

    /** For proxies only. */
    protected DemoTenant() {
        this.admin = null;
        this.directory = null;
        this.capacities = null;
        this.chosenKey = Optional.empty();
        this.baseUrl = null;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Optional<String> secret = chosenKey.map(DemoKey::validate);
        UUID organization = admin.findOrganizationByName(NAME).orElseGet(this::createOrganization);
        Optional<UUID> existingProject = admin.findProjectByName(organization, NAME);
        UUID project = existingProject.orElseGet(() -> createProject(organization));

        if (secret.isPresent()) {
            Optional<Caller> owner = directory.findByHash(ApiKeys.hash(secret.get()));
            if (owner.isEmpty()) {
                try {
                    announce(admin.createKey(project, NAME, secret.get()), "from " + DemoKey.VARIABLE);
                    return;
                } catch (IllegalArgumentException e) {
                    // Taken a moment ago, by a copy of the sample starting on the same database?
                    owner = directory.findByHash(ApiKeys.hash(secret.get()));
                    if (owner.isEmpty()) {
                        throw e;
                    }
                }
            }
            if (owner.get().projectId().equals(project)) {
                LOG.log(Level.INFO, "Speechmeter sample listening on {0} ; the demo key from {1} is ready",
                        baseUrl, DemoKey.VARIABLE);
            } else {
                throw new ConfigurationException(DemoKey.VARIABLE + " is already the key of another project; "
                        + "choose another value");
            }
        } else if (existingProject.isPresent()) {
            LOG.log(Level.INFO, "Speechmeter sample listening on {0} ; the demo project exists already and its key "
                    + "was shown when it was made (set {1} to add a key of your choice)", baseUrl, DemoKey.VARIABLE);
        } else {
            announce(admin.createKey(project, NAME), "generated");
        }
    }

    /**
     * The demo organization, made now; or, when another deployment on the same database made it
     * a moment ago (the sample and a copy of it starting together), that one.
     */
    private UUID createOrganization() {
        try {
            return admin.createOrganization(NAME, Limits.none());
        } catch (NameTakenException e) {
            return admin.findOrganizationByName(NAME).orElseThrow(() -> e);
        }
    }

    /** The demo project with its daily capacity, made now; or the one another deployment just made. */
    private UUID createProject(UUID organization) {
        UUID created;
        try {
            created = admin.createProject(organization, NAME, Limits.none());
        } catch (NameTakenException e) {
            return admin.findProjectByName(organization, NAME).orElseThrow(() -> e);
        }
        capacities.setCapacity(CapacityOwner.project(created), TRANSCRIPTION, BillingPeriod.DAY,
                Duration.ofHours(DAILY_TRANSCRIPTION_HOURS));
        return created;
    }

    private void announce(CreatedKey key, String origin) {
        LOG.log(Level.INFO, "Speechmeter sample listening on {0} ; demo API key ({1}, shown only now): {2}",
                baseUrl, origin, key.secret());
    }
}
