package app.herald.audience;

/**
 * Told how far a CSV import has come, so that a caller can draw a progress bar. Called on the
 * importing thread every few thousand rows and once at the end of the file; keep it cheap.
 */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (bytesRead, rowsRead) -> { };

    /**
     * @param bytesRead bytes consumed from the input so far (BOM included)
     * @param rowsRead  data rows read so far, accepted or rejected
     */
    void update(long bytesRead, long rowsRead);
}
