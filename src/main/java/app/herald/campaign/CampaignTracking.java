package app.herald.campaign;

/**
 * What a campaign tracks: {@code opens} (the pixel), {@code clicks} (rewritten links), and whether
 * it is {@code anonymous}: hits still count in the campaign's totals, per link, per minute and per
 * client, but nothing is stored per person (no event row, no per-message counter, no unique counts,
 * no line in the message tracking log). A contact without tracking consent is never tracked, whatever
 * the campaign says.
 */
public record CampaignTracking(boolean opens, boolean clicks, boolean anonymous) {
    /** Opens and clicks tracked per person: what a campaign does unless told otherwise. */
    public static final CampaignTracking DEFAULT = new CampaignTracking(true, true, false);
}
