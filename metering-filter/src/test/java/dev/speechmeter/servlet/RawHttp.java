package dev.speechmeter.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * HTTP/1.1 over a plain socket, with the request line exactly as given: no client normalizes
 * {@code //}, {@code ..} or percent-encoding away before the server sees it.
 */
final class RawHttp {

    private RawHttp() {
    }

    static HttpResponse<String> post(URI base, String path, String authorization, String body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                    .append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Content-Length: ").append(content.length).append("\r\n")
                    .append("Connection: close\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream(), base.resolve(path.replace(";", "%3B").replace("\\", "%5C")));
        }
    }

    private static HttpResponse<String> parse(InputStream in, URI uri) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] content;
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            content = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            content = in.readNBytes(Integer.parseInt(headers.get("content-length").get(0)));
        } else {
            content = in.readAllBytes();
        }
        String text = new String(content, StandardCharsets.UTF_8);
        HttpHeaders httpHeaders = HttpHeaders.of(headers, (a, b) -> true);
        return new HttpResponse<>() {
            public int statusCode() {
                return code;
            }

            public HttpRequest request() {
                return HttpRequest.newBuilder(uri).build();
            }

            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return httpHeaders;
            }

            public String body() {
                return text;
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return uri;
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
