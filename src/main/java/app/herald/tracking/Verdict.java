package app.herald.tracking;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Who made a hit: the person (their mail client displaying images, their browser following a link),
 * a machine acting without them, or unknown when the evidence points neither way. Stored per hit as
 * {@code tracking_event.verdict} and {@code machine_kind}.
 */
sealed interface Verdict {
    Verdict HUMAN = new Human();
    Verdict UNKNOWN = new Unknown();

    /** The verdict of each machine kind, made once. */
    final class Machines {
        private static final Map<MachineKind, Verdict> BY_KIND = Arrays.stream(MachineKind.values())
                .collect(Collectors.toUnmodifiableMap(k -> k, Machine::new));

        private Machines() {
        }
    }

    /** The value of {@code tracking_event.verdict}. */
    String sqlName();

    record Human() implements Verdict {
        @Override
        public String sqlName() {
            return "human";
        }
    }

    record Machine(MachineKind kind) implements Verdict {
        public Machine {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String sqlName() {
            return "machine";
        }
    }

    record Unknown() implements Verdict {
        @Override
        public String sqlName() {
            return "unknown";
        }
    }

    /** The machine verdict of this kind: one shared instance per kind (each kept hit of a history holds one). */
    static Verdict machine(MachineKind kind) {
        return Machines.BY_KIND.get(kind);
    }

    /** The machine kind as stored, or null for a human or unknown verdict. */
    default String machineKindName() {
        return switch (this) {
            case Machine m -> m.kind().sqlName;
            case Human h -> null;
            case Unknown u -> null;
        };
    }
}
