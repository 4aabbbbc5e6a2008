package dev.speechmeter.sample.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, one connection per request: the request line and the headers go
 * out byte for byte as given, so that a path spelling, a header value or a method reaches the
 * server exactly as a hostile client would write it (the JDK's HTTP client normalises and refuses
 * some of them).
 */
final class RawHttp {

    private static final int TIMEOUT_MS = 30_000;

    private final String host;
    private final int port;
    private final InetAddress local;

    RawHttp(URL base) {
        this(base.getHost(), base.getPort() < 0 ? base.getDefaultPort() : base.getPort(), null);
    }

    private RawHttp(String host, int port, InetAddress local) {
        this.host = host;
        this.port = port;
        this.local = local;
    }

    /**
     * This client, its connections coming from another address of the loopback network
     * ({@code 127.0.0.<n>}), so that the server sees another client; unchanged when the server
     * is not on the loopback network.
     */
    RawHttp fromLoopbackAddress(int n) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                return this;
            }
            return new RawHttp(host, port, InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connected socket, from this client's own address when it has one. */
    Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code host:port}, as a {@code Host} header or an absolute-form target names the server. */
    String authority() {
        return host + ":" + port;
    }

    /**
     * Sends one request and reads its whole response.
     *
     * @param target  the request target, written as is ({@code /v1//tts;x=1?a=%ZZ})
     * @param headers name and raw value pairs, written as is (ISO-8859-1 for the name, the value's
     *                own bytes); {@code Host}, {@code Content-Length} and {@code Connection} are added
     * @param body    null for none (no {@code Content-Length} either)
     * @return the response; status 0 when the server answered nothing parsable
     */
    Response send(String method, String target, List<Header> headers, byte[] body) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        head.writeBytes(("Host: " + authority() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (Header header : headers) {
            head.writeBytes(header.name().getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes(": ".getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes(header.value());
            head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (body != null) {
            head.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        head.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            String writeFailure = null;
            try {
                out.write(head.toByteArray());
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer (and close) before it has read a body it refuses.
                writeFailure = e.toString();
            }
            byte[] raw = readAll(socket.getInputStream());
            return Response.parse(raw, method.equals("HEAD"), writeFailure);
        } catch (IOException e) {
            return Response.none(e.toString());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[16_384];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                raw.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A reset after the response arrived (the server closed with a body left unread).
            if (raw.size() == 0) {
                throw e;
            }
        }
        return raw.toByteArray();
    }

    /** A request header, its value as raw bytes so that a test can send what no client library would. */
    record Header(String name, byte[] value) {

        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }

        String printable() {
            return name + ": " + Strings.escape(new String(value, StandardCharsets.UTF_8), 160);
        }
    }

    /** A response as it came over the wire, the body de-chunked. */
    record Response(int status, List<String[]> headers, byte[] body, String problem) {

        static Response none(String problem) {
            return new Response(0, List.of(), new byte[0], problem);
        }

        /**
         * No body, no type, no request id: an answer the server made itself, which no application
         * code wrote (its HTTP parser's {@code 400}; Payara's empty {@code 200} to a path such as
         * {@code /tts/x/..}, with or without an application deployed).
         */
        boolean bare() {
            return body.length == 0 && header("Content-Type").isEmpty() && header("X-Request-Id").isEmpty();
        }

        /**
         * An empty {@code 200} the server made itself: Payara answers {@code POST /tts/x/..} so,
         * with or without an application deployed. None of the sample's endpoints answers a 2xx
         * without a body, so no endpoint served it.
         */
        boolean emptyOkOfTheServer() {
            return status == 200 && bare();
        }

        static Response parse(byte[] raw, boolean head, String writeFailure) {
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (end < 0) {
                return none("no complete response head" + (writeFailure == null ? "" : " (" + writeFailure + ")")
                        + ": " + Strings.escape(new String(raw, StandardCharsets.ISO_8859_1), 200));
            }
            String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (RuntimeException e) {
                return none("bad status line: " + Strings.escape(lines[0], 200));
            }
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
            byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
            if (status / 100 == 1 && rest.length > 0) {
                // 100 Continue: the final response follows.
                return parse(rest, head, writeFailure);
            }
            Response response = new Response(status, headers, new byte[0], null);
            if (head || status == 204 || status == 304 || status / 100 == 1) {
                return response;
            }
            boolean chunked = response.header("Transfer-Encoding")
                    .map(value -> value.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
            byte[] body = chunked ? dechunk(rest) : rest;
            Optional<String> length = response.header("Content-Length");
            if (!chunked && length.isPresent()) {
                try {
                    int declared = Integer.parseInt(length.get());
                    if (declared < body.length) {
                        body = Arrays.copyOf(body, declared);
                    }
                } catch (NumberFormatException e) {
                    // Keep what came.
                }
            }
            return new Response(status, headers, body, null);
        }

        private static byte[] dechunk(byte[] raw) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = 0;
            while (at < raw.length) {
                int lineEnd = indexOf(raw, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
                if (lineEnd < 0) {
                    break;
                }
                String sizeText = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = sizeText.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    break;
                }
                if (size == 0) {
                    break;
                }
                int start = lineEnd + 2;
                int stop = Math.min(raw.length, start + size);
                body.write(raw, start, stop - start);
                at = stop + 2;
            }
            return body.toByteArray();
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body for a report: text as is, audio and other binary bodies named only. */
        String bodyForReport(int max) {
            String type = header("Content-Type").orElse("");
            if (type.startsWith("audio/") || type.startsWith("application/octet-stream")) {
                return "<" + body.length + " bytes of " + type + ">";
            }
            return Strings.escape(text(), max);
        }
    }
}
