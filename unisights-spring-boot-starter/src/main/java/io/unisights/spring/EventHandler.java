package io.unisights.spring;

/**
 * Receives every event the collector accepts. Declare one or more beans of this type; all
 * of them run, in {@link org.springframework.core.annotation.Order @Order}.
 * <p>
 * Override the method of each channel you care about; the others do nothing. New channels
 * arrive as new default methods, so an implementation keeps compiling as the collector
 * grows. Forwarders that treat every channel alike override {@link #handle(Delivery)}.
 * <p>
 * A method that throws marks the delivery as failed: in synchronous mode the sender gets a
 * 500 and may retry; with asynchronous delivery the item is retried and finally written
 * to the dead-letter file. Handlers should therefore be idempotent, keyed on
 * {@link Delivery#id()}.
 */
public interface EventHandler {

	/**
	 * Handles one delivery of any channel. The default routes to the channel's method.
	 * @param delivery the accepted item
	 * @throws Exception to report failure
	 */
	default void handle(Delivery delivery) throws Exception {
		if (delivery instanceof BeaconDelivery beacon) {
			onBeacon(beacon);
		}
		else if (delivery instanceof OpenDelivery open) {
			onOpen(open);
		}
		else if (delivery instanceof ClickDelivery click) {
			onClick(click);
		}
		else if (delivery instanceof IngestDelivery ingest) {
			onIngest(ingest);
		}
	}

	/**
	 * Handles a decoded, validated analytics batch from the browser SDK.
	 * @param beacon the batch and the request that carried it
	 * @throws Exception to report failure
	 */
	default void onBeacon(BeaconDelivery beacon) throws Exception {
	}

	/**
	 * Handles an email open reported by the tracking pixel. Check
	 * {@link OpenDelivery#automation()}: mail-provider image proxies open every message.
	 * @param open the verified link content and the request that loaded the pixel
	 * @throws Exception to report failure
	 */
	default void onOpen(OpenDelivery open) throws Exception {
	}

	/**
	 * Handles an email link click, reported before the recipient is redirected. Check
	 * {@link ClickDelivery#automation()}: security scanners follow links before people do.
	 * @param click the verified link content and the request that followed it
	 * @throws Exception to report failure
	 */
	default void onClick(ClickDelivery click) throws Exception {
	}

	/**
	 * Handles a business event posted by another backend, its signature verified and
	 * its type known. Called once per event id within the deduplication window.
	 * @param ingest the event and the request that carried it
	 * @throws Exception to report failure
	 */
	default void onIngest(IngestDelivery ingest) throws Exception {
	}

}
