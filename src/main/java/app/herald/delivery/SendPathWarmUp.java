package app.herald.delivery;

import app.herald.bounce.ReturnPath;
import app.herald.campaign.Campaign;
import app.herald.campaign.CampaignStatus;
import app.herald.campaign.MessageRenderer;
import app.herald.campaign.Recipient;
import app.herald.campaign.RenderedMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares sample messages the way {@link Sender} prepares each real one (the contact's attributes
 * read from JSON, the address parsed, the templates applied, links and pixel signed, the text part
 * made from the HTML, the MIME message built and quoted-printable or base64 encoded, written
 * dot-stuffed to a wire), once, on a background thread when the dispatcher starts, so that the JIT
 * has compiled the send path before the first campaign. Without it the optimising compiler did that
 * work during a first campaign, behind everything the campaign made hot: about 7 CPU-seconds of
 * compiling, almost half of a first 20,000-message campaign's time on two cores, and byte loops
 * that ran interpreted for much of it (bench/README.md, "Sending, 2026-12-04, third and fourth sessions").
 * Two sample campaigns, one in English with its own unsubscribe link and one in Chinese without
 * (the footer is added), take both transfer encodings and both ways of assembling a message from a
 * compiled shape. Nothing is sent or stored: the renderer is {@link MessageRenderer#detached()}
 * and the wire a counter. It costs a few CPU-seconds once per process.
 */
final class SendPathWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(SendPathWarmUp.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Messages per sample campaign: enough for the optimising compiler's thresholds (a few thousand calls). */
    static final int ROUNDS = 4_000;
    private static final String FROM = "news@warm-up.herald.invalid";
    private static final String[] REGIONS = {"north", "south", "east", "west", "Île-de-France", "Bayern", "華東"};

    static final Campaign ENGLISH = campaign(1, "{{default first_name \"there\"}}, what is new at {{company}} this month",
            """
            <!doctype html><html><head><meta charset="utf-8"><title>News</title></head>
            <body style="margin:0;font-family:Helvetica,Arial,sans-serif;color:#222222">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px">
            <tr><td style="padding:24px"><img src="https://cdn.warm-up.herald.invalid/logo.png" width="120" alt="Logo"></td></tr>
            <tr><td style="padding:0 24px">
            <h1 style="font-size:22px">Hello {{default first_name "there"}},</h1>
            <p>Thank you for working with us at {{company}} = 100% of the reasons we do this. Here is what
            changed for {{attributes.region}} since your last order, in short:</p>
            <ul>
            <li><a href="https://shop.warm-up.herald.invalid/new?utm_source=herald&amp;utm_medium=email">New arrivals</a> — the season’s picks.</li>
            <li><a href="https://shop.warm-up.herald.invalid/sale?utm_source=herald&amp;utm_medium=email">Sale</a> — up to 40% off until Sunday.</li>
            <li><a href="https://shop.warm-up.herald.invalid/region/{{attributes.region}}">Near you</a>: shops and pick-up points.</li>
            <li><a href="https://blog.warm-up.herald.invalid/2026/how-to-choose#sizes">How to choose</a> the right size.</li>
            </ul>
            <p><b>Questions?</b> Reply to this mail, or call <a href="tel:+49301234567">+49 30 1234567</a>.</p>
            <p><a href="https://shop.warm-up.herald.invalid/account" style="background:#0055aa;color:#ffffff;padding:10px 16px">Your account</a></p>
            </td></tr>
            <tr><td style="padding:24px;font-size:12px;color:#666666">You get this mail as a customer of {{company}}.
            <a href="{{unsubscribe_url}}" style="color:#666666">Unsubscribe</a></td></tr>
            </table></td></tr></table>
            </body></html>
            """);
    static final Campaign CHINESE = campaign(2, "{{default last_name \"客户\"}}您好：本月新品与优惠",
            """
            <!doctype html><html><head><meta charset="utf-8"></head>
            <body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif">
            <p>尊敬的{{default last_name "客户"}}{{first_name}}，您好！</p>
            <p>感谢您一直以来对{{company}}的支持。本月为{{attributes.region}}地区的客户精选了以下内容：</p>
            <ol>
            <li><a href="https://shop.warm-up.herald.invalid/zh/new">新品上市</a>：本季精选，限时九折。</li>
            <li><a href="https://shop.warm-up.herald.invalid/zh/members?from=email">会员专享</a>：积分翻倍，满五百减五十。</li>
            <li><a href="https://help.warm-up.herald.invalid/zh/delivery">配送说明</a>：节假日期间的发货安排。</li>
            </ol>
            <p>如有任何疑问，请直接回复本邮件，我们将在一个工作日内答复。</p>
            </body></html>
            """);

    private SendPathWarmUp() {
    }

    /** Starts the warm-up, once per process, with {@code renderer}'s tracking URLs and the envelope sender of {@code returnPath}. */
    static void startOnce(MessageRenderer renderer, ReturnPath returnPath) {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().name("herald-warm-up").daemon(true).start(() -> {
                try {
                    run(renderer.detached(), returnPath, ROUNDS);
                } catch (RuntimeException e) {
                    // it only makes the first campaign faster: sending works the same without it
                    LOG.warn("the send path's warm-up stopped early: {}", e.toString(), e);
                }
            });
        }
    }

    /**
     * Prepares {@code rounds} messages of each sample campaign and writes them to a counting wire;
     * returns how many bytes went to it. Throws if a sample cannot be prepared.
     */
    static long run(MessageRenderer detached, ReturnPath returnPath, int rounds) {
        long start = System.nanoTime();
        long[] written = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }
        };
        SmtpWire wire = new SmtpWire(InputStream.nullInputStream(), counting);
        MimeMessages mime = new MimeMessages();
        try {
            for (int i = 0; i < rounds; i++) {
                for (Campaign campaign : List.of(ENGLISH, CHINESE)) {
                    wire.content(prepare(detached, mime, returnPath, campaign, i).bytes());
                }
                wire.flush();
            }
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("a sample message cannot be prepared: " + e.getMessage(), e);
        }
        LOG.debug("send path warmed up in {} ms ({} messages, {} bytes)", (System.nanoTime() - start) / 1_000_000,
                2L * rounds, written[0]);
        return written[0];
    }

    /** Sample message {@code i} of {@code campaign}, prepared as {@link Sender#prepare} prepares a real one (unsigned). */
    static PreparedMessage prepare(MessageRenderer detached, MimeMessages mime, ReturnPath returnPath, Campaign campaign, int i)
            throws MessagingException, UnsupportedEncodingException {
        // ids of the size real ones have; the tokens signed for them never leave this class
        long id = 1 + i;
        Recipient recipient = new Recipient("customer." + i + "@example" + i % 13 + ".com", Optional.of("First" + i),
                Optional.of(i % 2 == 0 ? "王" : "Müller"), Optional.of("Company " + i % 500), Optional.of("DE"),
                Optional.of(i % 2 == 0 ? "zh" : "en"), Optional.of("Europe/Berlin"),
                MessageQueue.attributes("{\"region\":\"" + REGIONS[i % REGIONS.length] + "\",\"orders\":" + i % 17 + "}"));
        Outgoing m = new Outgoing(id, campaign.id(), false, UUID.randomUUID(), Optional.of("active"), false, recipient,
                Instant.now(), 1, Optional.empty());
        InternetAddress to = new InternetAddress(m.email(), true);
        RenderedMessage rendered = detached.render(campaign, recipient, id, m.trackingConsent());
        return mime.build(campaign, rendered, m, to, returnPath.envelopeFrom(id, campaign.fromEmail()));
    }

    private static Campaign campaign(long id, String subject, String html) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new Campaign(id, "warm-up", subject, "Herald warm-up", FROM, Optional.empty(), html, Optional.empty(),
                List.of(), CampaignStatus.SENDING, created, created, Optional.of(created), Optional.empty());
    }
}
