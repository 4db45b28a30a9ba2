package app.herald.tracelog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of the message tracking log: the 27 fields of Exchange 2013 as typed values, and the
 * log file ({@link LogLayout.Prefix}) it belongs in. A null field is written empty; most events use
 * a handful of fields, so build them with {@link #builder}.
 *
 * <p>{@code recipientStatus} is empty or has one status per recipient, in the same order.
 * {@code returnPath} is the envelope sender; an empty string is the null sender and is written
 * {@code <>}. {@code customData} holds (key, value) pairs written {@code S:Key=Value;...}.
 */
public record LogEvent(LogLayout.Prefix log, Instant dateTime, String clientIp, String clientHostname, String serverIp,
                       String serverHostname, String sourceContext, String connectorId, Source source, EventId eventId,
                       Long internalMessageId, String messageId, UUID networkMessageId, List<String> recipients,
                       List<String> recipientStatus, Long totalBytes, Integer recipientCount,
                       String relatedRecipientAddress, String reference, String messageSubject, String senderAddress,
                       String returnPath, String messageInfo, String directionality, String tenantId,
                       String originalClientIp, String originalServerIp, List<Map.Entry<String, String>> customData) {

    /** Exchange's event types (the {@code event-id} field). */
    public enum EventId {
        AGENTINFO, BADMAIL, DEFER, DELIVER, DSN, DUPLICATEDELIVER, DUPLICATEEXPAND, DUPLICATEREDIRECT, EXPAND, FAIL,
        HADISCARD, HARECEIVE, HAREDIRECT, HAREDIRECTFAIL, INITMESSAGECREATED, LOAD, MODERATOREXPIRE, MODERATORAPPROVE,
        MODERATORREJECT, MODERATORSALLNDR, NOTIFYMAPI, NOTIFYSHADOW, POISONMESSAGE, PROCESS, RECEIVE, REDIRECT, RESOLVE,
        RESUBMIT, RESUBMITDEFER, RESUBMITFAIL, SEND, SUBMIT, SUBMITDEFER, SUBMITFAIL, SUPPRESSED, THROTTLE, TRANSFER
    }

    /** The component that logged the event (the {@code source} field). */
    public enum Source {
        ADMIN, AGENT, APPROVAL, DNS, DSN, GATEWAY, MAILBOXRULE, ORAR, PICKUP, POISONMESSAGE, PUBLICFOLDER, QUEUE, REDUNDANCY,
        ROUTING, SAFETYNET, SMTP, STOREDRIVER
    }

    public LogEvent {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(dateTime, "dateTime");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventId, "eventId");
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        recipientStatus = recipientStatus == null ? List.of() : List.copyOf(recipientStatus);
        if (!recipientStatus.isEmpty() && recipientStatus.size() != recipients.size()) {
            throw new IllegalArgumentException("recipientStatus needs one status per recipient: " + recipientStatus.size()
                    + " statuses for " + recipients.size() + " recipients");
        }
        customData = customData == null ? List.of() : List.copyOf(customData);
        for (Map.Entry<String, String> e : customData) {
            if (!isKey(e.getKey())) {
                throw new IllegalArgumentException("custom-data keys are letters and digits, got '" + e.getKey() + "'");
            }
        }
    }

    private static boolean isKey(String key) {
        if (key.isEmpty() || !Character.isLetter(key.charAt(0))) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    public static Builder builder(LogLayout.Prefix log, Instant dateTime, Source source, EventId eventId) {
        return new Builder(log, dateTime, source, eventId);
    }

    /** A time as the log writes it: {@code yyyy-MM-ddTHH:mm:ss.fffZ}, UTC. */
    public static String timestamp(Instant t) {
        return LogLine.timestamp(t);
    }

    /** Collects the fields of one event; every setter takes null as "leave empty". */
    public static final class Builder {
        private final LogLayout.Prefix log;
        private final Instant dateTime;
        private final Source source;
        private final EventId eventId;
        private String clientIp;
        private String clientHostname;
        private String serverIp;
        private String serverHostname;
        private String sourceContext;
        private String connectorId;
        private Long internalMessageId;
        private String messageId;
        private UUID networkMessageId;
        private final List<String> recipients = new ArrayList<>(1);
        private final List<String> recipientStatus = new ArrayList<>(1);
        private Long totalBytes;
        private Integer recipientCount;
        private String relatedRecipientAddress;
        private String reference;
        private String messageSubject;
        private String senderAddress;
        private String returnPath;
        private String messageInfo;
        private String directionality;
        private String tenantId;
        private String originalClientIp;
        private String originalServerIp;
        private final List<Map.Entry<String, String>> customData = new ArrayList<>(4);

        private Builder(LogLayout.Prefix log, Instant dateTime, Source source, EventId eventId) {
            this.log = log;
            this.dateTime = dateTime;
            this.source = source;
            this.eventId = eventId;
        }

        public Builder client(String ip, String hostname) {
            this.clientIp = ip;
            this.clientHostname = hostname;
            return this;
        }

        public Builder server(String ip, String hostname) {
            this.serverIp = ip;
            this.serverHostname = hostname;
            return this;
        }

        public Builder sourceContext(String v) {
            this.sourceContext = v;
            return this;
        }

        public Builder connectorId(String v) {
            this.connectorId = v;
            return this;
        }

        /** Herald's number for the message on this node, the Message-ID header and the message's GUID. */
        public Builder message(Long internalMessageId, String messageId, UUID networkMessageId) {
            this.internalMessageId = internalMessageId;
            this.messageId = messageId;
            this.networkMessageId = networkMessageId;
            return this;
        }

        public Builder recipient(String address) {
            recipients.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        public Builder recipient(String address, String status) {
            recipients.add(Objects.requireNonNull(address, "address"));
            recipientStatus.add(status == null ? "" : status);
            return this;
        }

        public Builder recipients(List<String> addresses) {
            recipients.addAll(addresses);
            return this;
        }

        public Builder totalBytes(Long v) {
            this.totalBytes = v;
            return this;
        }

        public Builder recipientCount(Integer v) {
            this.recipientCount = v;
            return this;
        }

        public Builder relatedRecipientAddress(String v) {
            this.relatedRecipientAddress = v;
            return this;
        }

        public Builder reference(String v) {
            this.reference = v;
            return this;
        }

        public Builder subject(String v) {
            this.messageSubject = v;
            return this;
        }

        /** The header sender and the envelope sender (empty string: the null sender {@code <>}). */
        public Builder sender(String senderAddress, String returnPath) {
            this.senderAddress = senderAddress;
            this.returnPath = returnPath;
            return this;
        }

        public Builder messageInfo(String v) {
            this.messageInfo = v;
            return this;
        }

        /** The message's origination time, as Exchange writes it in message-info for SEND and DELIVER. */
        public Builder messageInfo(Instant originalTime) {
            this.messageInfo = originalTime == null ? null : LogLine.timestamp(originalTime);
            return this;
        }

        public Builder directionality(String v) {
            this.directionality = v;
            return this;
        }

        public Builder tenantId(String v) {
            this.tenantId = v;
            return this;
        }

        public Builder original(String clientIp, String serverIp) {
            this.originalClientIp = clientIp;
            this.originalServerIp = serverIp;
            return this;
        }

        /** Adds {@code S:key=value} to custom-data; a null value adds nothing. */
        public Builder custom(String key, Object value) {
            if (value != null) {
                customData.add(Map.entry(key, value.toString()));
            }
            return this;
        }

        public LogEvent build() {
            return new LogEvent(log, dateTime, clientIp, clientHostname, serverIp, serverHostname, sourceContext, connectorId,
                    source, eventId, internalMessageId, messageId, networkMessageId, recipients, recipientStatus, totalBytes,
                    recipientCount, relatedRecipientAddress, reference, messageSubject, senderAddress, returnPath,
                    messageInfo, directionality, tenantId, originalClientIp, originalServerIp, customData);
        }
    }
}
