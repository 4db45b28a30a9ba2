package app.herald.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code run/} under the data directory: what the running Herald leaves for its own next start and
 * for local commands (the socket {@code herald trace} asks through, the dispatcher's node name). It is
 * the owner's alone (mode 0700 where the file system has modes): only the user who runs Herald may
 * talk to its socket.
 */
public final class RunDirectory {
    private RunDirectory() {
    }

    /** Where it is for the data directory {@code dataDir} (not created). */
    public static Path of(Path dataDir) {
        return dataDir.resolve("run");
    }

    /** Creates it if missing and makes it the owner's alone; returns it. */
    public static Path create(Path dataDir) throws IOException {
        Path run = of(dataDir);
        Files.createDirectories(run);
        if (run.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        }
        return run;
    }
}
