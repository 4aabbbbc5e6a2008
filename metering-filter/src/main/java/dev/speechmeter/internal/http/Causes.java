package dev.speechmeter.internal.http;

/** What an exception thrown by an endpoint was caused by, as the doors read it. */
public final class Causes {

    private Causes() {
    }

    /** The first throwable of {@code type} in the cause chain of {@code thrown}, itself included; null when none is. */
    public static <T extends Throwable> T causeOf(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
