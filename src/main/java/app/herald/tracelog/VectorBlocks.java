package app.herald.tracelog;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link CsvTokenizer}'s 64-byte masks with the JDK's Vector API: one compare per vector
 * register (one for 64 bytes with AVX-512, two with AVX2) instead of eight words of SWAR
 * arithmetic. About four times faster for that step (0.10 against 0.43 ns per byte of the
 * benchmark's logs, bench/README.md), but only once C2 has compiled it: under C1 every vector is
 * an object. So it is used only where the JVM has the incubating module {@code jdk.incubator.vector},
 * which the launcher adds for {@code herald serve} and {@code herald demo} (long-running, C2) and not
 * for the one-shot CLI, which compiles with C1 alone and keeps the SWAR code. This class is loaded
 * only when the module is there ({@link CsvTokenizer#VECTOR_API}).
 */
final class VectorBlocks {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int STEP = SPECIES.length();

    private VectorBlocks() {
    }

    /** Whether the hardware has vectors of 16 bytes or more (call only where the module is resolved). */
    static boolean usable() {
        return STEP >= 16 && 64 % STEP == 0;
    }

    /** Bit k set where {@code b[i + k] == c}, for k in 0..63. */
    static long mask(byte[] b, int i, byte c) {
        long m = 0;
        for (int k = 0; k < 64; k += STEP) {
            m |= ByteVector.fromArray(SPECIES, b, i + k).eq(c).toLong() << k;
        }
        return m;
    }

    /**
     * The position of the first {@code c1} or {@code c2} at or after {@code i}, looking 64 bytes at a
     * time; when there is none, the position where fewer than 64 bytes are left before {@code limit}.
     */
    static int skipTo(byte[] b, int i, int limit, byte c1, byte c2) {
        while (i + 64 <= limit) {
            long m = 0;
            for (int k = 0; k < 64; k += STEP) {
                ByteVector v = ByteVector.fromArray(SPECIES, b, i + k);
                m |= v.eq(c1).or(v.eq(c2)).toLong() << k;
            }
            if (m != 0) {
                return i + Long.numberOfTrailingZeros(m);
            }
            i += 64;
        }
        return i;
    }
}
