package app.herald.bounce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report reveals about the message it is about, in the order of trust used to match it:
 * addresses that may be Herald's VERP return path (the bounce's own recipient headers, ARF's
 * Original-Mail-From, the original's Return-Path), the original's X-Herald-Message, and its
 * Message-ID (Herald's are {@code <network-id@domain>}).
 */
record Original(List<String> returnPaths, Optional<UUID> heraldMessage, Optional<String> messageId) {
    private static final Pattern HERALD_HEADER = Pattern.compile(
            "(?im)^X-Herald-Message:[ \\t]*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Pattern MESSAGE_ID_HEADER = Pattern.compile("(?im)^(?:Original-)?Message-ID:[ \\t]*(<[^>\\s]+>)");
    private static final Pattern RETURN_PATH_HEADER = Pattern.compile("(?im)^Return-Path:[ \\t]*<?([^>\\s]+@[^>\\s]+)>?");

    static final Original NONE = new Original(List.of(), Optional.empty(), Optional.empty());

    Original {
        returnPaths = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(returnPaths, "returnPaths")));
        Objects.requireNonNull(heraldMessage, "heraldMessage");
        Objects.requireNonNull(messageId, "messageId");
    }

    /** The references found in header lines anywhere in {@code text}: a quoted or attached original. */
    static Original inText(String text) {
        Matcher herald = HERALD_HEADER.matcher(text);
        Matcher id = MESSAGE_ID_HEADER.matcher(text);
        Matcher returnPath = RETURN_PATH_HEADER.matcher(text);
        List<String> paths = returnPath.find() ? List.of(returnPath.group(1)) : List.of();
        return new Original(paths, herald.find() ? Optional.of(UUID.fromString(herald.group(1))) : Optional.empty(),
                id.find() ? Optional.of(id.group(1)) : Optional.empty());
    }

    /** These references, with {@code other}'s filling what is missing; return paths from both, ours first. */
    Original or(Original other) {
        List<String> paths = new ArrayList<>(returnPaths);
        paths.addAll(other.returnPaths);
        return new Original(paths, heraldMessage.or(other::heraldMessage), messageId.or(other::messageId));
    }

    Original withReturnPaths(List<String> addresses) {
        List<String> paths = new ArrayList<>(addresses);
        paths.addAll(returnPaths);
        return new Original(paths, heraldMessage, messageId);
    }

    Original withMessageId(Optional<String> id) {
        return new Original(returnPaths, heraldMessage, id.or(() -> messageId));
    }
}
