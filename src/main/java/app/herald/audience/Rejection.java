package app.herald.audience;

import java.util.Objects;

/** A CSV row that was not imported: the physical line it starts on (header = 1) and why. */
public record Rejection(long line, String reason) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
    }
}
