package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSocketsTest {
    @Test
    void setsNoDelayAndClosesASocketWhoseWriteHangs() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SmtpSockets sockets = new SmtpSockets(Duration.ofSeconds(2))) {
            Socket client = sockets.createSocket();
            client.connect(server.getLocalSocketAddress());
            Socket accepted = server.accept(); // and never read: the send buffers fill up and the write blocks
            assertThat(client.getTcpNoDelay()).isTrue();
            OutputStream out = client.getOutputStream();
            byte[] chunk = new byte[1 << 20];
            long start = System.nanoTime();

            assertThatThrownBy(() -> {
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                }
            }).isInstanceOf(IOException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(client.isClosed()).isTrue();
            accepted.close();
        }
    }
}
