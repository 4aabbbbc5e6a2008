package dev.speechmeter.internal.http;

import dev.speechmeter.ErrorStyle;
import dev.speechmeter.spi.ErrorRenderer;

/** The built-in renderer of each {@link ErrorStyle}. */
public final class ErrorRenderers {

    private ErrorRenderers() {
    }

    public static ErrorRenderer of(ErrorStyle style, String docsBase) {
        return switch (style) {
            case SONIOX -> new SonioxErrorRenderer(docsBase);
            case SOUNDPIECE -> new SoundpieceErrorRenderer();
            case PROBLEM -> new ProblemErrorRenderer(docsBase);
        };
    }
}
