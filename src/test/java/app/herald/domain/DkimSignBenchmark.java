package app.herald.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: how many messages one thread DKIM-signs per second, for a typical 4 KB campaign
 * message, with RSA-2048, Ed25519 and both. Run from the repository root after a test build:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) app.herald.domain.DkimSignBenchmark}
 * (target/cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 */
public final class DkimSignBenchmark {
    private static final double SECONDS = 5;

    private DkimSignBenchmark() {
    }

    public static void main(String[] args) {
        byte[] message = message();
        DkimKey rsa = DkimKeys.generated("news.example.com", "b-rsa", DkimAlgorithm.RSA_SHA256, KeyStatus.ACTIVE);
        DkimKey ed = DkimKeys.generated("news.example.com", "b-ed25519", DkimAlgorithm.ED25519_SHA256, KeyStatus.ACTIVE);
        System.out.printf(Locale.ROOT, "message: %d bytes; %s %s; one thread, %.0f s per case after warm-up%n",
                message.length, System.getProperty("java.vm.name"), System.getProperty("java.version"), SECONDS);
        run("parse + body hash", m -> {
            MessageBytes parsed = MessageBytes.parse(m);
            return DkimSigner.sha256(Canonical.body(parsed.bytes, parsed.bodyStart, parsed.bytes.length));
        }, message);
        run("RSA-2048", new DkimSigner(List.of(rsa)), message);
        run("Ed25519", new DkimSigner(List.of(ed)), message);
        run("RSA-2048 + Ed25519", new DkimSigner(List.of(rsa, ed)), message);
    }

    private static void run(String name, DkimSigner signer, byte[] message) {
        run(name, signer::sign, message);
    }

    private static void run(String name, java.util.function.UnaryOperator<byte[]> signer, byte[] message) {
        measure(signer, message, 2);
        double perSecond = measure(signer, message, SECONDS);
        System.out.printf(Locale.ROOT, "%-20s %9.0f messages/s  %7.1f µs each%n", name, perSecond, 1e6 / perSecond);
    }

    private static double measure(java.util.function.UnaryOperator<byte[]> signer, byte[] message, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        int sink = 0;
        while (System.nanoTime() < end) {
            sink += signer.apply(message).length;
            n++;
        }
        if (sink == 42) {
            System.out.print("");
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Headers as Herald writes them, a quoted-printable text part and HTML part: about 4 KB. */
    private static byte[] message() {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            text.append("Our spring teas are in: green, oolong and white, picked in April near Hangzhou. =\r\n")
                    .append("Order before Friday for free shipping.\r\n\r\n");
            html.append("<p>Our spring teas are in: <b>green</b>, oolong and white, picked in April near Hang=\r\n")
                    .append("zhou. <a href=3D\"https://t.example.com/t/c/AbCdEf").append(i).append("\">Order</a></p>\r\n");
        }
        String m = "Date: Tue, 14 Apr 2026 11:00:00 +0000\r\n"
                + "From: Teehaus <shop@news.example.com>\r\n"
                + "Reply-To: sales@example.com\r\n"
                + "To: ann@example.org\r\n"
                + "Message-ID: <0b9b7f8e-7d3c-4c59-9a59-2a1f0e4c9d11@news.example.com>\r\n"
                + "Subject: =?UTF-8?Q?Fr=C3=BChlingstee_f=C3=BCr_Sie?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; \r\n\tboundary=\"----=_Herald_1\"\r\n"
                + "List-Unsubscribe: <https://t.example.com/t/u/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789>,\r\n"
                + " <mailto:unsubscribe+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789@news.example.com>\r\n"
                + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                + "X-Herald-Message: 0b9b7f8e-7d3c-4c59-9a59-2a1f0e4c9d11\r\n"
                + "\r\n"
                + "------=_Herald_1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + text
                + "------=_Herald_1\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + html
                + "------=_Herald_1--\r\n";
        return m.getBytes(StandardCharsets.UTF_8);
    }
}
