package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.HeraldConfig;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmtpConnectionTest {
    private static PreparedMessage message(SmtpPool pool, int n) throws Exception {
        byte[] bytes = ("From: news@acme.example\r\nTo: anna@example.com\r\nSubject: " + n + "\r\n\r\nHello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new PreparedMessage(pool.session(), new InternetAddress("news@acme.example"), "news@acme.example",
                "<" + n + "@acme.example>", bytes);
    }

    @Test
    void sendsOnAFreshConnectionWhenTheRelayDroppedThePooledOneBeforeAnythingWentOut() throws Exception {
        ScriptedSmtpServer first = new ScriptedSmtpServer(Set.of(), 0);
        int port = first.port();
        try (SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", port, Optional.empty(), Optional.empty(),
                HeraldConfig.Tls.NONE, 1))) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            InternetAddress to = new InternetAddress("anna@example.com");
            assertThat(connection.send(message(pool, 1), to)).isInstanceOf(SendOutcome.Sent.class);
            first.close(); // the relay restarts: the pooled connection is dead

            try (ScriptedSmtpServer second = new ScriptedSmtpServer(Set.of(), 0, port)) {
                SendOutcome outcome = connection.send(message(pool, 2), to);

                assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
                assertThat(second.delivered).containsExactly("anna@example.com");
            }
            pool.release(connection);
        }
    }

    @Test
    void aRejectionIsNotRetried() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of("anna@example.com"), 0);
             SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", relay.port(), Optional.empty(), Optional.empty(),
                     HeraldConfig.Tls.NONE, 1))) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            connection.send(message(pool, 1), new InternetAddress("ben@example.com"));

            SendOutcome outcome = connection.send(message(pool, 2), new InternetAddress("anna@example.com"));

            // a 5xx to RCPT speaks about the recipient: a bounce at send time, not just a failure
            assertThat(outcome).isInstanceOf(SendOutcome.Rejected.class);
            assertThat(outcome.reply()).startsWith("550 5.1.1");
            assertThat(relay.delivered).containsExactly("ben@example.com");
            pool.release(connection);
        }
    }

    @Test
    void aRefusedSenderIsAFailureButNotABounceOfTheRecipient() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0).rejectSender("553 5.7.1 sender not allowed");
             SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", relay.port(), Optional.empty(), Optional.empty(),
                     HeraldConfig.Tls.NONE, 1))) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));

            SendOutcome outcome = connection.send(message(pool, 1), new InternetAddress("anna@example.com"));

            assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
            assertThat(outcome.reply()).startsWith("553 5.7.1 sender not allowed");
            pool.release(connection);
        }
    }
}
