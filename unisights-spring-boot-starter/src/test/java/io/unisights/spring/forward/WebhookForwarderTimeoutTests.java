package io.unisights.spring.forward;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.delivery.DeliveryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook timeout bounds the whole exchange: a receiver on a real loopback socket that
 * sends its headers and then withholds the body, or trickles it, does not hold the
 * delivery worker beyond the timeout. Every wait here is bounded, far above the timeout, so
 * that a regression fails instead of hanging the build.
 */
class WebhookForwarderTimeoutTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	/** Generous bound on each call: the failure mode is "until shutdown", not "slow". */
	private static final long BOUND_SECONDS = 30;

	private static final String SECRET = WebhookSignature.generateSecret();

	@Test
	void aReceiverThatStallsTheBodyAfterASuccessStatusReleasesTheWorker() throws Exception {
		try (StallingReceiver receiver = new StallingReceiver(200, 0)) {
			WebhookForwarder forwarder = new WebhookForwarder(receiver.url(), SECRET, TIMEOUT);
			Throwable outcome = handleWithinBound(forwarder);
			// The status was a success: the body the forwarder never needed does not undo it.
			assertThat(outcome).isNull();
			assertThat(receiver.awaitHangUp(BOUND_SECONDS)).as("client hung up on the stalled body").isTrue();
		}
	}

	@Test
	void aReceiverThatStallsTheBodyAfterAServerErrorIsRetriedLater() throws Exception {
		try (StallingReceiver receiver = new StallingReceiver(503, 0)) {
			WebhookForwarder forwarder = new WebhookForwarder(receiver.url(), SECRET, TIMEOUT);
			Throwable outcome = handleWithinBound(forwarder);
			assertThat(outcome).isInstanceOfSatisfying(DeliveryException.class,
					(failure) -> assertThat(failure.isRetryable()).isTrue());
			assertThat(receiver.awaitHangUp(BOUND_SECONDS)).isTrue();
		}
	}

	@Test
	void aReceiverThatTricklesTheBodyIsCutOffAtTheTimeoutNotPerRead() throws Exception {
		// One byte each 50 ms would keep a per-read timeout of 500 ms happy for 14 hours.
		try (StallingReceiver receiver = new StallingReceiver(200, 50)) {
			WebhookForwarder forwarder = new WebhookForwarder(receiver.url(), SECRET, TIMEOUT);
			Throwable outcome = handleWithinBound(forwarder);
			assertThat(outcome).isNull();
			assertThat(receiver.awaitHangUp(BOUND_SECONDS)).isTrue();
			assertThat(receiver.bodyBytesWritten()).isPositive().isLessThan(StallingReceiver.ANNOUNCED);
		}
	}

	@Test
	void aReceiverThatNeverAnswersIsARetryableTimeout() throws Exception {
		try (StallingReceiver receiver = new StallingReceiver(-1, 0)) {
			WebhookForwarder forwarder = new WebhookForwarder(receiver.url(), SECRET, TIMEOUT);
			Throwable outcome = handleWithinBound(forwarder);
			assertThat(outcome).isInstanceOfSatisfying(DeliveryException.class, (failure) -> {
				assertThat(failure.isRetryable()).isTrue();
				assertThat(failure.getMessage()).contains("did not complete the exchange within " + TIMEOUT);
			});
		}
	}

	/** Runs one delivery; answers what it threw, or {@code null} when it returned. */
	private static Throwable handleWithinBound(WebhookForwarder forwarder) throws InterruptedException {
		CompletableFuture<Void> call = CompletableFuture
			.runAsync(() -> forwarder.handle(Deliveries.beacon("timeout-" + System.nanoTime())));
		try {
			call.get(BOUND_SECONDS, TimeUnit.SECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (java.util.concurrent.TimeoutException ex) {
			call.cancel(true);
			throw new AssertionError("the forwarder still held the worker after " + BOUND_SECONDS + "s", ex);
		}
	}

}
