package app.herald.campaign;

import java.util.Locale;

/** Where a campaign is in its life: edited as a draft, then sending, then sent. */
public enum CampaignStatus {
    DRAFT, SENDING, SENT, CANCELLED;

    /** The name stored in the database and shown in the API. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CampaignStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
