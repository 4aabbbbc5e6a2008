package dev.speechmeter;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meters a JAX-RS resource method (or every method of a resource class) without a filter
 * mapping: the caller's key is checked, the request is admitted against request-rate and
 * concurrency limits, and one usage entry is written when the method returns.
 *
 * <pre>{@code
 * @Path("/v1/diarizations")
 * public class DiarizationResource {
 *
 *     @Inject UsageContext usage;
 *
 *     @POST
 *     @Metered(scope = "diarize_async", pool = "transcribe",
 *              technology = "speaker_diarization", vendor = "acme", operation = "diarize")
 *     public Result diarize(byte[] audio) {
 *         usage.model("diarizer-1").inputAudioDuration(Wav.duration(audio));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * With {@code technology}, {@code vendor} and {@code operation} set, a call is refused while a
 * capacity of that label set has nothing left in its period, and the audio it reports is debited
 * from those capacities when it succeeds. A request the servlet filter already meters is not
 * metered again. Refusals surface as
 * {@link LimitExceededException} and {@link UnauthenticatedException}, which the bundled JAX-RS
 * exception mappers answer with {@code 429} and {@code 401}. Every use is checked when the
 * application deploys: a bad scope, an unknown pool or method, or incomplete labels fail the
 * deployment.
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Metered {

    /** The request scope written on the usage entries, e.g. {@code transcribe_async}. Required. */
    @Nonbinding
    String scope() default "";

    /** The concurrency pool a call holds a slot of, e.g. {@code transcribe}; empty for none. */
    @Nonbinding
    String pool() default "";

    /** {@code sync}, {@code async} or {@code streaming}, as the request list shows it. */
    @Nonbinding
    String method() default "sync";

    /**
     * The capacity label {@code technology}, one of a fixed list such as
     * {@code speech_to_text}; empty (with vendor and operation) for an endpoint no capacity applies to.
     */
    @Nonbinding
    String technology() default "";

    /** The capacity label {@code vendor}, chosen by the deployer, e.g. {@code whisper}. */
    @Nonbinding
    String vendor() default "";

    /** The capacity label {@code operation}, chosen by the deployer, e.g. {@code transcribe}. */
    @Nonbinding
    String operation() default "";

    /**
     * Whether a call writes a usage entry. False for the reads around a job (its status, its
     * result): such calls are authenticated and counted against the request rate, but hold no slot
     * and leave no entry; they then take no pool and no capacity labels.
     */
    @Nonbinding
    boolean recorded() default true;

    /**
     * {@code jobs}: a call that finds the pool full is accepted all the same, as a job that waits
     * for a slot ({@link MeteredJob#onStart}); empty for none, a full pool refuses.
     */
    @Nonbinding
    String queue() default "";

    /** For building the binding in code, e.g. for {@code BeanManager} look-ups. */
    final class Literal extends AnnotationLiteral<Metered> implements Metered {

        public static final Literal INSTANCE = of("", "", "sync");

        private static final long serialVersionUID = 1L;

        private final String scope;
        private final String pool;
        private final String method;
        private final String technology;
        private final String vendor;
        private final String operation;

        private Literal(String scope, String pool, String method, String technology, String vendor,
                        String operation) {
            this.scope = scope;
            this.pool = pool;
            this.method = method;
            this.technology = technology;
            this.vendor = vendor;
            this.operation = operation;
        }

        public static Literal of(String scope, String pool, String method) {
            return new Literal(scope, pool, method, "", "", "");
        }

        /** A binding whose calls are also subject to the capacities of a label set. */
        public static Literal of(String scope, String pool, String method, String technology, String vendor,
                                 String operation) {
            return new Literal(scope, pool, method, technology, vendor, operation);
        }

        @Override
        public String scope() {
            return scope;
        }

        @Override
        public String pool() {
            return pool;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String technology() {
            return technology;
        }

        @Override
        public String vendor() {
            return vendor;
        }

        @Override
        public String operation() {
            return operation;
        }

        @Override
        public boolean recorded() {
            return true;
        }

        @Override
        public String queue() {
            return "";
        }
    }
}
