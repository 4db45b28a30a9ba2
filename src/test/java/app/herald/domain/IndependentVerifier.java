package app.herald.domain;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Verifies DKIM signatures with dkimpy (Debian's python3-dkim), a verifier that shares no code
 * with Herald's signer. The key records are handed to it directly instead of through DNS.
 */
public final class IndependentVerifier {
    public record Result(int exit, List<String> signatures, String log) {
        public boolean allPass() {
            return exit == 0;
        }
    }

    private IndependentVerifier() {
    }

    /** {@code records}: DNS name ({@code s._domainkey.d}) to TXT record. */
    public static Result verify(byte[] message, Map<String, String> records) {
        try {
            Path file = Files.createTempFile("herald-dkim", ".eml");
            try {
                Files.write(file, message);
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script().toString(), file.toString()));
                records.forEach((name, txt) -> cmd.add(name + "=" + txt));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
                byte[] out = p.getInputStream().readAllBytes();
                byte[] err = p.getErrorStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("dkimpy did not finish within 60 s");
                }
                String stdout = new String(out, StandardCharsets.UTF_8).strip();
                return new Result(p.exitValue(), stdout.isEmpty() ? List.of() : List.of(stdout.split("\n")),
                        new String(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run dkimpy (apt-get install python3-dkim): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> records(List<DkimKey> keys) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        keys.forEach(k -> m.put(k.dnsName(), k.dnsRecord()));
        return m;
    }

    private static Path script() {
        try {
            return Path.of(IndependentVerifier.class.getResource("dkim_verify.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
