package app.herald.tracelog;

import java.util.Arrays;

/**
 * Reads the date-time column, {@code yyyy-MM-ddTHH:mm:ss.fffZ} in UTC, straight from the bytes:
 * the scanner parses one per record, so no java.time objects are made here.
 */
final class LogTimes {
    static final long INVALID = Long.MIN_VALUE;

    private LogTimes() {
    }

    /**
     * Epoch milliseconds of the date-time in {@code b[s, e)}, or {@link #INVALID}. Accepts 0 to 9
     * fraction digits and a missing {@code Z}; a space may stand for the {@code T}.
     */
    static long parse(byte[] b, int s, int e) {
        if (!shaped(b, s, e)) {
            return INVALID;
        }
        long hour = hour(b, s);
        return hour == INVALID ? INVALID : withinHour(b, s, e, hour);
    }

    /**
     * {@link #parse} for a reader going through a file: consecutive records share their date and
     * hour, so when the first 13 bytes equal the last ones only minutes and below are parsed again.
     * One per reader thread.
     */
    static final class Parser {
        private final byte[] lastHour = new byte[13];
        private long lastHourMillis = INVALID;

        long parse(byte[] b, int s, int e) {
            if (!shaped(b, s, e)) {
                return INVALID;
            }
            long hour = lastHourMillis;
            if (hour == INVALID || !Arrays.equals(b, s, s + 13, lastHour, 0, 13)) {
                hour = hour(b, s);
                if (hour == INVALID) {
                    return INVALID;
                }
                System.arraycopy(b, s, lastHour, 0, 13);
                lastHourMillis = hour;
            }
            return withinHour(b, s, e, hour);
        }
    }

    private static boolean shaped(byte[] b, int s, int e) {
        return e - s >= 19 && b[s + 4] == '-' && b[s + 7] == '-' && (b[s + 10] == 'T' || b[s + 10] == ' ') && b[s + 13] == ':'
                && b[s + 16] == ':';
    }

    /** Epoch milliseconds of the hour {@code yyyy-MM-ddTHH} at {@code s}, or {@link #INVALID}. */
    private static long hour(byte[] b, int s) {
        int year = num(b, s, 4);
        int month = num(b, s + 5, 2);
        int day = num(b, s + 8, 2);
        int hour = num(b, s + 11, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23) {
            return INVALID;
        }
        return (daysFromCivil(year, month, day) * 24 + hour) * 3_600_000L;
    }

    /** Adds {@code :mm:ss[.fffffffff][Z]} at {@code s + 13} to the hour. */
    private static long withinHour(byte[] b, int s, int e, long hour) {
        int minute = num(b, s + 14, 2);
        int second = num(b, s + 17, 2);
        if (minute < 0 || minute > 59 || second < 0 || second > 59) {
            return INVALID;
        }
        int i = s + 19;
        int millis = 0;
        if (i < e && b[i] == '.') {
            i++;
            int digits = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (digits < 3) {
                    millis = millis * 10 + (b[i] - '0');
                }
                digits++;
                i++;
            }
            if (digits == 0 || digits > 9) {
                return INVALID;
            }
            for (int d = digits; d < 3; d++) {
                millis *= 10;
            }
        }
        if (i < e && b[i] == 'Z') {
            i++;
        }
        if (i != e) {
            return INVALID;
        }
        return hour + minute * 60_000L + second * 1000L + millis;
    }

    private static int num(byte[] b, int p, int n) {
        int v = 0;
        for (int k = p; k < p + n; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
