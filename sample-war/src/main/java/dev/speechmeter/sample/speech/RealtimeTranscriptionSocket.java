package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.rest.JsonBodies;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.websocket.AudioFormat;
import dev.speechmeter.websocket.MeteredStream;
import dev.speechmeter.websocket.StreamConfiguration;
import dev.speechmeter.websocket.StreamMetering;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * {@code /transcribe-websocket}: real-time transcription with the protocol of Soniox's real-time
 * API, so that a client written for it works here with only the URL changed.
 *
 * <ol>
 *   <li>The client sends its configuration as the first text message:
 *       {@code {"api_key": "...", "model": "stt-rt-sample", "audio_format": "pcm_s16le",
 *       "sample_rate": 16000, "num_channels": 1}} (and {@code client_reference_id} if it likes).</li>
 *   <li>Then binary frames of raw audio. Result messages come back as words are heard:
 *       {@code {"tokens": [{"text", "start_ms", "end_ms", "confidence", "is_final"}],
 *       "final_audio_proc_ms", "total_audio_proc_ms"}}.</li>
 *   <li>{@code {"type": "keepalive"}} keeps a quiet stream open; {@code {"type": "finalize"}}
 *       makes every word heard final, answered with a {@code <fin>} token.</li>
 *   <li>An empty text message ends the audio: the last words come final, then
 *       {@code {"tokens": [], ..., "finished": true}}, and the server closes the socket.</li>
 * </ol>
 *
 * Speechmeter meters it: the configuration's key is authenticated (a temporary key must be minted
 * for {@code transcribe_websocket}), the stream holds a slot of the {@code transcribe} pool while
 * it lives, its audio counts against the capacities of speech_to_text / sample / transcribe like
 * the REST transcriptions', and its usage entry has the audio received. Errors are one
 * {@code {"error_code", "error_type", "error_message", "request_id"}} message, then the close.
 */
@ServerEndpoint("/transcribe-websocket")
public class RealtimeTranscriptionSocket {

    public static final String MODEL = "stt-rt-sample";
    static final String REQUEST_SCOPE = "transcribe_websocket";
    /** The labels {@code web.xml} gives the REST transcription too: both draw on the same capacities. */
    static final LabelSet LABELS = new LabelSet("speech_to_text", "sample", "transcribe");

    @Inject
    StreamMetering metering;

    @Inject
    SampleRecognizer recognizer;

    private Session session;
    private MeteredStream stream;
    private LiveTranscript transcript;
    private AudioFormat format;
    private long audioBytes;

    @OnOpen
    public void open(Session session) {
        this.session = session;
        stream = metering.open(session, REQUEST_SCOPE, "transcribe", LABELS);
    }

    @OnMessage
    public void text(String message) throws IOException {
        if (!stream.configured()) {
            start(stream.configure(message));
        } else if (stream.heard() && transcript != null) {
            String type = message.isEmpty() ? "" : controlType(message);
            switch (type) {
                case "" -> finish();
                case "finalize" -> send(transcript.finalizeAll(true));
                case "keepalive" -> { }
                default -> stream.failed(new InvalidRequestException("body.type", "invalid_message",
                        "Expected audio, {\"type\": \"keepalive\"}, {\"type\": \"finalize\"} or an empty message to end."));
            }
        }
    }

    private void start(StreamConfiguration configuration) {
        if (configuration == null) {
            return;
        }
        if (!MODEL.equals(configuration.model())) {
            stream.failed(new InvalidRequestException("body.model", "invalid_model",
                    "Invalid model specified: this service has " + MODEL + "."));
        } else if (configuration.rawFormat() == null) {
            stream.failed(new InvalidRequestException("body.audio_format", "unsupported_audio_format",
                    "This service takes raw audio: give audio_format (e.g. pcm_s16le), sample_rate and num_channels."));
        } else {
            format = configuration.rawFormat();
            stream.usage().channels(format.channels());
            transcript = new LiveTranscript(recognizer);
        }
    }

    /** The {@code type} of a control message such as {@code {"type": "keepalive"}}; "?" when it has none. */
    private static String controlType(String message) {
        // Read with Speechmeter's bounded JSON reading: a hostile message is just not a control message.
        JsonObject object = JsonBodies.object(message, new ArrayList<>());
        JsonValue type = object == null ? null : object.get("type");
        return type instanceof JsonString text ? text.getString() : "?";
    }

    @OnMessage
    public void audio(ByteBuffer frame) throws IOException {
        int bytes = frame.remaining();
        if (stream.audio(frame) && transcript != null) {
            audioBytes += bytes;
            JsonObject result = transcript.heard(format.durationOf(audioBytes));
            if (result != null) {
                send(result);
            }
        }
    }

    private void finish() throws IOException {
        send(transcript.finalizeAll(false));
        send(transcript.finished());
        stream.finish();
    }

    private void send(JsonObject message) throws IOException {
        // Speechmeter's own messages (errors on timeouts) come from another thread, under the same lock.
        synchronized (session) {
            session.getBasicRemote().sendText(message.toString());
        }
        stream.usage().outputTextTokens(transcript.finalTokens());
    }

    @OnClose
    public void close(CloseReason reason) {
        stream.closed(reason);
    }

    @OnError
    public void error(Throwable error) {
        stream.failed(error);
    }
}
