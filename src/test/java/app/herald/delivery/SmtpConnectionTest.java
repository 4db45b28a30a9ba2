package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.HeraldConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmtpConnectionTest {
    private static PreparedMessage message(int n) {
        byte[] bytes = ("From: news@acme.example\r\nTo: anna@example.com\r\nSubject: " + n + "\r\n\r\nHello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new PreparedMessage("news@acme.example", "<" + n + "@acme.example>", bytes);
    }

    @Test
    void sendsOnAFreshConnectionWhenTheRelayDroppedThePooledOneBeforeAnythingWentOut() throws Exception {
        ScriptedSmtpServer first = new ScriptedSmtpServer(Set.of(), 0);
        int port = first.port();
        try (SmtpPool pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", port, Optional.empty(), Optional.empty(),
                HeraldConfig.Tls.NONE, 1))) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            String to = "anna@example.com";
            assertThat(connection.send(message(1), to)).isInstanceOf(SendOutcome.Sent.class);
            first.close(); // the relay restarts: the pooled connection is dead

            try (ScriptedSmtpServer second = new ScriptedSmtpServer(Set.of(), 0, port)) {
                SendOutcome outcome = connection.send(message(2), to);

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
            connection.send(message(1), "ben@example.com");

            SendOutcome outcome = connection.send(message(2), "anna@example.com");

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

            SendOutcome outcome = connection.send(message(1), "anna@example.com");

            assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
            assertThat(outcome.reply()).startsWith("553 5.7.1 sender not allowed");
            pool.release(connection);
        }
    }

    private static SmtpPool pool(int port) {
        return new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", port, Optional.empty(), Optional.empty(), HeraldConfig.Tls.NONE, 1));
    }

    @Test
    void pipelinesTheEnvelopeAndSendsTheContentDotStuffedAndUnchanged() throws Exception {
        String content = "Subject: dots\r\n\r\n.a line that starts with a dot\r\n..two\r\n.\r\nend";
        try (PipeliningRelay relay = new PipeliningRelay(false); SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            PreparedMessage m = new PreparedMessage("bounce+x@b.acme.example", "<1@acme.example>",
                    content.getBytes(StandardCharsets.US_ASCII));

            SendOutcome first = connection.send(m, "anna@example.com");
            SendOutcome second = connection.send(message(2), "ben@example.com");

            assertThat(first).isEqualTo(new SendOutcome.Sent("250-2.0.0 Ok 250 2.0.0 queued as 1"));
            assertThat(second).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.received.getFirst()).isEqualTo(new PipeliningRelay.Received("bounce+x@b.acme.example",
                    "anna@example.com", content + "\r\n"));
            assertThat(relay.sessions()).isEqualTo(1);
            pool.release(connection);
        }
    }

    @Test
    void aRecipientRefusedInAPipelineFailsWithItsReplyAndTheConnectionGoesOn() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false).refuse("anna@example.com", "550 5.1.1 <anna@example.com>: unknown");
             SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));

            SendOutcome refused = connection.send(message(1), "anna@example.com");
            SendOutcome next = connection.send(message(2), "ben@example.com");

            assertThat(refused).isEqualTo(new SendOutcome.Rejected("550 5.1.1 <anna@example.com>: unknown"));
            assertThat(next).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo).containsExactly("ben@example.com");
            assertThat(relay.sessions()).isEqualTo(1);
            assertThat(relay.commands).contains("RSET");
            pool.release(connection);
        }
    }

    @Test
    void theNextMessageIsPreparedOnceTheRelayIsReadyForTheContentAndNeverForARefusedOne() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false).refuse("anna@example.com", "550 5.1.1 <anna@example.com>: unknown");
             SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            java.util.List<String> seen = new java.util.ArrayList<>();

            SendOutcome sent = connection.send(message(1), "ben@example.com", () -> {
                seen.add("prepared, " + relay.received.size() + " received");
                return null;
            });
            seen.add("outcome");
            SendOutcome refused = connection.send(message(2), "anna@example.com", () -> {
                seen.add("prepared for a refused one");
                return null;
            });

            assertThat(sent).isInstanceOf(SendOutcome.Sent.class);
            assertThat(refused).isInstanceOf(SendOutcome.Rejected.class);
            // asked once per message that got as far as its content (before it went out), never after a refusal before DATA
            assertThat(seen).containsExactly("prepared, 0 received", "outcome");
            pool.release(connection);
        }
    }

    @Test
    void theAnnouncedNextEnvelopeGoesOutBehindTheContentAndIsAnsweredWhenThatMessageIsSent() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false); SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            PreparedMessage second = message(2);

            SendOutcome first = connection.send(message(1), "anna@example.com",
                    () -> new SmtpConnection.Envelope(second, "ben@example.com"));
            SendOutcome next = connection.send(second, "ben@example.com");
            SendOutcome third = connection.send(message(3), "cleo@example.com");

            assertThat(first).isInstanceOf(SendOutcome.Sent.class);
            assertThat(next).isEqualTo(new SendOutcome.Sent("250-2.0.0 Ok 250 2.0.0 queued as 2"));
            assertThat(third).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo)
                    .containsExactly("anna@example.com", "ben@example.com", "cleo@example.com");
            assertThat(relay.received.get(1).content()).contains("Subject: 2");
            // the first content arrived with the next MAIL, RCPT and DATA behind it; the last had nothing announced
            assertThat(relay.commandsBehindContent).containsExactly(true, false, false);
            assertThat(relay.sessions()).isEqualTo(1);
            pool.release(connection);
        }
    }

    @Test
    void aMessageOtherThanTheAnnouncedOneGoesOverAFreshSessionAndTheAnnouncedOneIsNeverDelivered() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false); SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));

            connection.send(message(1), "anna@example.com", () -> new SmtpConnection.Envelope(message(2), "ben@example.com"));
            SendOutcome other = connection.send(message(3), "cleo@example.com");
            connection.send(message(4), "dan@example.com", () -> new SmtpConnection.Envelope(message(5), "eve@example.com"));
            connection.close();

            assertThat(other).isInstanceOf(SendOutcome.Sent.class);
            // ben's and eve's DATA were left unfinished when their sessions were dropped: the relay kept neither;
            // closing with a message announced says no QUIT, which would have been a line of eve's content
            waitFor(() -> relay.unfinished.size() == 2);
            assertThat(relay.unfinished).containsExactly("", "");
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo)
                    .containsExactly("anna@example.com", "cleo@example.com", "dan@example.com");
            assertThat(relay.sessions()).isEqualTo(2);
            pool.release(connection);
        }
    }

    @Test
    void anAnnouncedMessageLongIdleGoesOverAFreshSessionAndNoNoopBecomesPartOfItsContent() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false); SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            PreparedMessage second = message(2);
            connection.send(message(1), "anna@example.com", () -> new SmtpConnection.Envelope(second, "ben@example.com"));
            connection.checkAfterIdleNanos = 0; // as if it had sat unused for a while

            SendOutcome late = connection.send(second, "ben@example.com");

            assertThat(late).isInstanceOf(SendOutcome.Sent.class);
            waitFor(() -> relay.unfinished.size() == 1);
            assertThat(relay.unfinished).containsExactly(""); // the first session's announced DATA, never ended
            assertThat(relay.received).extracting(PipeliningRelay.Received::content)
                    .allSatisfy(c -> assertThat(c).doesNotContain("NOOP"));
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo).containsExactly("anna@example.com", "ben@example.com");
            assertThat(relay.sessions()).isEqualTo(2);
            pool.release(connection);
        }
    }

    @Test
    void aRefusedContentWithAMessageAnnouncedBehindItSendsThatOneOnAFreshSession() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false).refuseContent("anna@example.com", "554 5.7.1 rejected as spam");
             SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            PreparedMessage second = message(2);

            SendOutcome refused = connection.send(message(1), "anna@example.com",
                    () -> new SmtpConnection.Envelope(second, "ben@example.com"));
            SendOutcome next = connection.send(second, "ben@example.com");
            SendOutcome third = connection.send(message(3), "cleo@example.com");

            // this relay keeps a refused transaction until RSET, which could not go out with ben's envelope behind the content
            assertThat(refused.reply()).isEqualTo("554 5.7.1 rejected as spam");
            assertThat(next).isInstanceOf(SendOutcome.Sent.class);
            assertThat(third).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo).containsExactly("ben@example.com", "cleo@example.com");
            assertThat(relay.sessions()).isEqualTo(2);
            pool.release(connection);
        }
    }

    @Test
    void aRefusedContentIsFollowedByRsetSoThatTheNextMessageFindsTheTransactionClosed() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false).refuseContent("anna@example.com", "554 5.7.1 rejected as spam");
             SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));

            SendOutcome refused = connection.send(message(1), "anna@example.com");
            SendOutcome next = connection.send(message(2), "ben@example.com");

            assertThat(refused.reply()).isEqualTo("554 5.7.1 rejected as spam");
            assertThat(next).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.commands).contains("RSET");
            assertThat(relay.sessions()).isEqualTo(1);
            pool.release(connection);
        }
    }

    @Test
    void anAnnouncedRecipientTheRelayRefusesIsRejectedAndTheConnectionGoesOn() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false).refuse("ben@example.com", "550 5.1.1 <ben@example.com>: unknown");
             SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));
            PreparedMessage second = message(2);

            connection.send(message(1), "anna@example.com", () -> new SmtpConnection.Envelope(second, "ben@example.com"));
            SendOutcome refused = connection.send(second, "ben@example.com");
            SendOutcome third = connection.send(message(3), "cleo@example.com");

            assertThat(refused).isEqualTo(new SendOutcome.Rejected("550 5.1.1 <ben@example.com>: unknown"));
            assertThat(third).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo).containsExactly("anna@example.com", "cleo@example.com");
            assertThat(relay.sessions()).isEqualTo(1);
            pool.release(connection);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aTemporaryRefusalInAPipelineIsDeferredAndNothingIsSentWhenTheServerTakesDataAnyway() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(true).refuse("anna@example.com", "451 4.7.1 <anna@example.com>: try later");
             SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));

            SendOutcome refused = connection.send(message(1), "anna@example.com");
            SendOutcome next = connection.send(message(2), "ben@example.com");

            assertThat(refused).isEqualTo(new SendOutcome.Deferred("451 4.7.1 <anna@example.com>: try later"));
            assertThat(next).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.received).extracting(PipeliningRelay.Received::rcptTo).containsExactly("ben@example.com");
            pool.release(connection);
        }
    }

    @Test
    void aRecipientWithALineBreakIsNotSentAsACommand() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false); SmtpPool pool = pool(relay.port())) {
            SmtpConnection connection = pool.acquire(Duration.ofSeconds(1));

            SendOutcome outcome = connection.send(message(1), "anna@example.com>\r\nRCPT TO:<eve@example.com");

            assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
            assertThat(outcome.reply()).contains("line break");
            assertThat(connection.send(message(2), "ben@example.com")).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.commands).noneMatch(c -> c.contains("eve@"));
            pool.release(connection);
        }
    }
}
