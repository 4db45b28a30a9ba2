package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.HeraldConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.auth.LoginAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.PlainAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.UsernamePasswordValidator;
import org.subethamail.smtp.server.SMTPServer;

/** TLS (from the start and by STARTTLS) and AUTH against a real SMTP server (SubEthaSMTP) with its own certificate. */
class SmtpSessionTest {
    private static final UsernamePasswordValidator ANNA = (user, password, context) -> {
        if (!user.equals("anna") || !password.equals("s3cret pass")) {
            throw new LoginFailedException("bad credentials");
        }
    };

    @TempDir
    static Path dir;
    private static TestCertificate certificate;

    @BeforeAll
    static void certificate() throws Exception {
        certificate = TestCertificate.create(dir);
    }

    /** A server that keeps each message's text; {@code setup} adds TLS and AUTH. */
    private static final class Relay implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final SMTPServer server;

        Relay(UnaryOperator<SMTPServer.Builder> setup) {
            server = setup.apply(SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()))
                    .messageHandlerFactory(context -> new MessageHandler() {
                        @Override
                        public void from(String from) {
                        }

                        @Override
                        public void recipient(String recipient) {
                        }

                        @Override
                        public String data(InputStream data) throws IOException {
                            messages.add(new String(data.readAllBytes(), StandardCharsets.UTF_8));
                            return null;
                        }

                        @Override
                        public void done() {
                        }
                    }).build();
            server.start();
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    private static SendOutcome send(Relay relay, HeraldConfig.Tls tls, Optional<String> user, Optional<String> password,
                                    SSLSocketFactory trust) {
        HeraldConfig.Smtp config = new HeraldConfig.Smtp("127.0.0.1", relay.server.getPortAllocated(), user, password, tls, 1);
        try (SmtpPool pool = new SmtpPool(config, trust)) {
            SmtpConnection c = pool.acquire(Duration.ofSeconds(1));
            byte[] bytes = "Subject: hello\r\n\r\nHello over TLS\r\n".getBytes(StandardCharsets.US_ASCII);
            SendOutcome outcome = c.send(new PreparedMessage("news@acme.example", "<1@acme.example>", bytes), "ben@example.com");
            pool.release(c);
            return outcome;
        }
    }

    private static SSLSocketFactory trusting() throws Exception {
        return certificate.client().getSocketFactory();
    }

    private static UnaryOperator<SMTPServer.Builder> startTls(AuthenticationHandlerFactory auth) {
        return b -> {
            try {
                return b.enableTLS().requireTLS().startTlsSocketFactory(certificate.server()).authenticationHandlerFactory(auth)
                        .requireAuth();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void sendsAfterStartTlsAndAuthPlain() throws Exception {
        try (Relay relay = new Relay(startTls(new PlainAuthenticationHandlerFactory(ANNA)))) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.STARTTLS, Optional.of("anna"), Optional.of("s3cret pass"), trusting());

            assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
            assertThat(outcome.reply()).startsWith("250");
            assertThat(relay.messages).singleElement().asString().contains("Hello over TLS");
        }
    }

    @Test
    void sendsAfterStartTlsAndAuthLogin() throws Exception {
        try (Relay relay = new Relay(startTls(new LoginAuthenticationHandlerFactory(ANNA)))) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.STARTTLS, Optional.of("anna"), Optional.of("s3cret pass"), trusting());

            assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.messages).hasSize(1);
        }
    }

    @Test
    void sendsOverTlsFromTheFirstByte() throws Exception {
        try (Relay relay = new Relay(b -> {
            try {
                return b.serverSocketFactory(certificate.server());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.TLS, Optional.empty(), Optional.empty(), trusting());

            assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
            assertThat(relay.messages).hasSize(1);
        }
    }

    @Test
    void wrongCredentialsDeferWithTheServersReply() throws Exception {
        try (Relay relay = new Relay(startTls(new PlainAuthenticationHandlerFactory(ANNA)))) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.STARTTLS, Optional.of("anna"), Optional.of("wrong"), trusting());

            assertThat(outcome).isInstanceOf(SendOutcome.Deferred.class);
            assertThat(outcome.reply()).startsWith("cannot connect to SMTP server 127.0.0.1:")
                    .contains("authentication as anna failed: 535");
            assertThat(relay.messages).isEmpty();
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() throws Exception {
        try (Relay relay = new Relay(startTls(new PlainAuthenticationHandlerFactory(ANNA)))) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.STARTTLS, Optional.of("anna"), Optional.of("s3cret pass"),
                    (SSLSocketFactory) SSLSocketFactory.getDefault());

            assertThat(outcome).isInstanceOf(SendOutcome.Deferred.class);
            assertThat(outcome.reply()).contains("PKIX");
            assertThat(relay.messages).isEmpty();
        }
    }

    @Test
    void aServerWithoutStartTlsIsNotUsedInPlainTextWhenStartTlsIsConfigured() throws Exception {
        try (Relay relay = new Relay(b -> b)) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.STARTTLS, Optional.empty(), Optional.empty(), trusting());

            assertThat(outcome).isInstanceOf(SendOutcome.Deferred.class);
            assertThat(outcome.reply()).contains("does not offer STARTTLS");
            assertThat(relay.messages).isEmpty();
        }
    }

    @Test
    void credentialsForAServerThatOffersNoAuthAreAnError() throws Exception {
        try (Relay relay = new Relay(b -> b)) {
            SendOutcome outcome = send(relay, HeraldConfig.Tls.NONE, Optional.of("anna"), Optional.of("s3cret pass"), trusting());

            assertThat(outcome).isInstanceOf(SendOutcome.Deferred.class);
            assertThat(outcome.reply()).contains("smtp.user is set but the server offers no AUTH");
            assertThat(relay.messages).isEmpty();
        }
    }
}
