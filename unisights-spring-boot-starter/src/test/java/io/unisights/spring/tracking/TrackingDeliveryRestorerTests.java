package io.unisights.spring.tracking;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.spring.Automation;
import io.unisights.spring.Channel;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.tracking.TrackingToken;
import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Dead letters of opens and clicks come back exactly as they were delivered. */
class TrackingDeliveryRestorerTests {

	static final Instant SENT = Instant.parse("2026-05-04T08:00:00Z");

	final RequestContext context = new RequestContext("203.0.113.9", "Thunderbird", null, SENT.plusSeconds(90));

	final ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("message_id", "m-3").put("n", 7);

	@Test
	void restoresAClickExactly() {
		TrackingToken token = new TrackingToken(Kind.CLICK, this.metadata, "https://shop.example.com/a?b=c", SENT,
				SENT.plusSeconds(86400), "a1b2c3d4", Format.NATIVE, null);
		ClickDelivery original = new ClickDelivery("id-1", token, Automation.because(Automation.Reason.TOO_FAST),
				this.context);

		Delivery restored = new TrackingDeliveryRestorer(Channel.CLICK).restore("id-1", original.wireData(),
				this.context);

		assertThat(restored).isEqualTo(original);
	}

	@Test
	void restoresAPytrackingOpenWithItsWebhookExactly() {
		TrackingToken token = new TrackingToken(Kind.OPEN, this.metadata, null, null, null, null,
				Format.PYTRACKING_PLAIN, "https://hooks.example.com/mail");
		OpenDelivery original = new OpenDelivery("id-2", token, Automation.NONE, this.context);

		Delivery restored = new TrackingDeliveryRestorer(Channel.OPEN).restore("id-2", original.wireData(),
				this.context);

		assertThat(restored).isEqualTo(original);
	}

	@Test
	void keepsTheEventsOfOneRecipientOrOneMessageOnOnePartition() {
		TrackingToken anonymous = new TrackingToken(Kind.OPEN, this.metadata, null, SENT, null, "k", Format.NATIVE,
				null);
		assertThat(new OpenDelivery("id-3", anonymous, Automation.NONE, this.context).partitionKey())
			.isEqualTo(new OpenDelivery("id-4", anonymous, Automation.NONE, this.context).partitionKey())
			.isEqualTo(this.metadata.toString());
		ObjectNode addressed = this.metadata.deepCopy().put("recipient", "r-42");
		TrackingToken click = new TrackingToken(Kind.CLICK, addressed, "https://shop.example.com/", SENT, null, "k",
				Format.NATIVE, null);
		assertThat(new ClickDelivery("id-5", click, Automation.NONE, this.context).partitionKey()).isEqualTo("r-42");
	}

	@Test
	void refusesWireDataThatIsNotAnOpenOrClick() {
		TrackingDeliveryRestorer clicks = new TrackingDeliveryRestorer(Channel.CLICK);
		ObjectNode noTarget = JsonNodeFactory.instance.objectNode();
		noTarget.set("metadata", this.metadata);

		assertThatIllegalArgumentException().isThrownBy(() -> clicks.restore("x", noTarget, this.context))
			.withMessageContaining("tracked_url");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> clicks.restore("x", JsonNodeFactory.instance.objectNode(), this.context))
			.withMessageContaining("metadata");
		ObjectNode badReason = noTarget.deepCopy().put("tracked_url", "https://a.example").put("automated_reason", "?");
		assertThatIllegalArgumentException().isThrownBy(() -> clicks.restore("x", badReason, this.context))
			.withMessageContaining("automated_reason");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrackingDeliveryRestorer(Channel.BEACON));
	}

}
