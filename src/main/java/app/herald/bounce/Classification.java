package app.herald.bounce;

import java.util.Objects;
import java.util.Optional;

/**
 * What a failure report means for the address, decided by {@link BounceClassifier}. {@code code}
 * is what the decision rests on: an enhanced status code ({@code 5.1.1}) or, when the reply had
 * none, its basic reply code ({@code 550}); {@code reason} says why, for the admin.
 */
public sealed interface Classification {
    Optional<String> code();

    String reason();

    /** The address does not work: suppress it. */
    record Hard(Optional<String> code, String reason) implements Classification {
        public Hard {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A temporary failure: counted; too many within the window suppress the address. */
    record Soft(Optional<String> code, String reason) implements Classification {
        public Soft {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The receiver refused the sender or the content, not the address: flagged for the admin, the address is kept. */
    record Policy(Optional<String> code, String reason) implements Classification {
        public Policy {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No failure code to go by (or a success code): recorded, nothing else. */
    record Unknown(Optional<String> code, String reason) implements Classification {
        public Unknown {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The name stored in {@code bounce.classification}. */
    default String dbName() {
        return switch (this) {
            case Hard h -> "hard";
            case Soft s -> "soft";
            case Policy p -> "policy";
            case Unknown u -> "unknown";
        };
    }
}
