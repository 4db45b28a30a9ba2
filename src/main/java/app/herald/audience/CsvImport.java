package app.herald.audience;

import app.herald.HeraldException;
import app.herald.InvalidInputException;
import app.herald.audience.CsvRecords.Broken;
import app.herald.audience.CsvRecords.Fields;
import app.herald.audience.CsvRecords.Record;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a contact CSV (see {@link CsvRecords} for the format and {@link Header} for the columns),
 * validates each row and hands the accepted ones to {@link ContactStore#importInto}. The file is
 * streamed: only the current record and one COPY buffer are held, whatever its size.
 *
 * <p>A row is rejected, with the line it starts on and a reason, when its quoting is broken, it has
 * another number of fields than the header, it has no e-mail address, or its address fails
 * {@link EmailAddress}, its tracking_consent cell is not on, off or unknown, or its address was
 * erased (then only a keyed hash of it is on the suppression list). Rows for the same address (in any case) are merged in file order and the
 * contact is counted once; see the merge-staged query for the rules.
 */
final class CsvImport {
    static final int MAX_REPORTED_REJECTIONS = 10_000;
    private static final int PROGRESS_EVERY_ROWS = 5_000;

    private final ContactStore store;
    private final ImportProgress progress;
    private final List<Rejection> rejected = new ArrayList<>();
    private long rejectedTotal;
    private long rows;

    private CsvImport(ContactStore store, ImportProgress progress) {
        this.store = store;
        this.progress = progress;
    }

    static ImportResult run(ContactStore store, long listId, InputStream csv, ImportProgress progress) {
        return new CsvImport(store, progress == null ? ImportProgress.NONE : progress).run(listId, csv);
    }

    private ImportResult run(long listId, InputStream csv) {
        PhysicalLines lines = new PhysicalLines(csv);
        try {
            CsvRecords records = CsvRecords.open(lines);
            Header header = header(records);
            records.expectFields(header.size());
            ContactStore.Counts counts = store.importInto(listId, staging -> {
                for (Record r = records.next(); r != null; r = records.next()) {
                    accept(header, r).ifPresent(staging::add);
                    if (++rows % PROGRESS_EVERY_ROWS == 0) {
                        progress.update(lines.bytesRead(), rows);
                    }
                }
            });
            progress.update(lines.bytesRead(), rows);
            for (long line : counts.erasedLines()) {
                reject(line, "this address was erased at the person's request and is on the suppression list; it is not imported");
            }
            rejected.sort(java.util.Comparator.comparingLong(Rejection::line));
            return new ImportResult(counts.imported(), counts.updated(), rejected, rejectedTotal);
        } catch (IOException e) {
            throw new HeraldException("reading the CSV failed after " + rows + " rows (" + lines.bytesRead()
                    + " bytes): " + e.getMessage() + "; nothing was imported", e);
        }
    }

    private static Header header(CsvRecords records) throws IOException {
        Record first = records.next();
        return switch (first) {
            case null -> throw new InvalidInputException("the CSV file is empty: its first line must be a header naming the columns, e.g. email,first_name,last_name");
            case Broken b -> throw new InvalidInputException("the CSV header (line " + b.line() + ") cannot be read: " + b.reason());
            case Fields f -> Header.of(f.line(), f.values());
        };
    }

    private Optional<ContactRow> accept(Header header, Record record) {
        switch (record) {
            case Broken b -> reject(b.line(), b.reason());
            case Fields f -> {
                ContactRow row = header.row(f.line(), f.values());
                String consent = header.consentCell(f.values());
                Optional<TrackingConsent> parsed = consent == null ? Optional.empty() : TrackingConsent.parse(consent);
                if (row.email().isEmpty()) {
                    reject(f.line(), "no e-mail address");
                } else if (consent != null && parsed.isEmpty()) {
                    reject(f.line(), "tracking_consent \"" + consent + "\" is not one of on, off, unknown (yes/no and true/false are read as on/off)");
                } else {
                    Optional<String> problem = EmailAddress.problem(row.email());
                    if (problem.isEmpty()) {
                        return Optional.of(parsed.map(p -> withConsent(row, p)).orElse(row));
                    }
                    reject(f.line(), "invalid e-mail address \"" + row.email() + "\": " + problem.get());
                }
            }
        }
        return Optional.empty();
    }

    private static ContactRow withConsent(ContactRow r, TrackingConsent consent) {
        return new ContactRow(r.line(), r.email(), r.firstName(), r.lastName(), r.company(), r.country(), r.language(),
                r.timezone(), r.attributes(), consent);
    }

    private void reject(long line, String reason) {
        rejectedTotal++;
        if (rejected.size() < MAX_REPORTED_REJECTIONS) {
            rejected.add(new Rejection(line, reason));
        }
    }
}
