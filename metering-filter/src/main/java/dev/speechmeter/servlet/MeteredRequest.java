package dev.speechmeter.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * The request as the metered endpoint sees it. Its body of undeclared length is bounded; and when
 * the endpoint goes asynchronous, the listener that settles the request is attached at that very
 * moment, so the slot is released when the async response completes, errors or times out, never
 * before. The async context the endpoint gets settles the request before it completes it.
 */
final class MeteredRequest extends HttpServletRequestWrapper {

    private final SettleOnCompletion settler;
    private final long maxBodyBytes;
    private volatile boolean wentAsync;
    private volatile SettlingAsyncContext asyncContext;
    private BoundedBody body;
    private BufferedReader reader;

    /** @param maxBodyBytes the most a body of undeclared length may have; a declared one was checked before */
    MeteredRequest(HttpServletRequest request, SettleOnCompletion settler, long maxBodyBytes) {
        super(request);
        this.settler = settler;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
        if (getContentLengthLong() >= 0) {
            return super.getInputStream();
        }
        if (body == null) {
            body = new BoundedBody(super.getInputStream(), maxBodyBytes);
        }
        return body;
    }

    @Override
    public synchronized BufferedReader getReader() throws IOException {
        if (getContentLengthLong() >= 0) {
            return super.getReader();
        }
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
        }
        return reader;
    }

    private Charset charset() throws UnsupportedEncodingException {
        String encoding = getCharacterEncoding();
        if (encoding == null) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(encoding);
        }
    }

    /** True when a body of undeclared length passed the limit while the endpoint read it. */
    synchronized boolean bodyTooLarge() {
        return body != null && body.exceeded();
    }

    @Override
    public AsyncContext startAsync() {
        return attach(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return attach(super.startAsync(request, response));
    }

    private AsyncContext attach(AsyncContext context) {
        if (!wentAsync) {
            wentAsync = true;
            context.addListener(settler);
        }
        SettlingAsyncContext settling = new SettlingAsyncContext(context, settler);
        asyncContext = settling;
        return settling;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext current = super.getAsyncContext();
        SettlingAsyncContext settling = asyncContext;
        return settling != null && settling.wraps(current) ? settling : current;
    }

    /** True once the endpoint started async processing: settling is then the listener's job. */
    boolean wentAsync() {
        return wentAsync;
    }
}
