package dev.speechmeter.sample.it.host;

import dev.speechmeter.UsageContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The host's speech endpoint, metered by the filter its {@code web.xml} maps on {@code /speak}; it only reports its usage. */
@WebServlet("/speak")
public class SpeakServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        UsageContext.of(request).model("host-tts").inputTextTokens(text.length());
        response.setContentType("text/plain");
        response.getWriter().print("spoken: " + text);
    }
}
