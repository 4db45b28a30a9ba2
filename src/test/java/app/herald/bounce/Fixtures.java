package app.herald.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The constructed bounce fixtures beside this class (see their README), with placeholders filled in. */
final class Fixtures {
    static final String VERP = "bounce+aaaaaaaa@bounces.acme.example";
    static final String RECIPIENT = "nobody@example.org";
    static final String HERALD_ID = "3f0c5e1a-7b2d-4c8e-9a61-0d2b5f4e8c17";
    static final String MESSAGE_ID = "<" + HERALD_ID + "@acme.example>";

    private Fixtures() {
    }

    /** The fixture with the default values. */
    static byte[] load(String name) {
        return load(name, Map.of());
    }

    /** The fixture with {@code values} (VERP, RECIPIENT, HERALD_ID, MESSAGE_ID) replacing the defaults; CRLF line ends, as on the wire. */
    static byte[] load(String name, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("VERP", VERP, "RECIPIENT", RECIPIENT, "HERALD_ID", HERALD_ID,
                "MESSAGE_ID", MESSAGE_ID));
        all.putAll(values);
        String text;
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var e : all.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
