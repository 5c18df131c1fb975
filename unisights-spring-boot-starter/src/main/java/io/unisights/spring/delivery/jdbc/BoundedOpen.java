package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.unisights.spring.delivery.DeliveryStoreUnavailableException;

import org.springframework.core.NestedExceptionUtils;

/**
 * Runs what the store does with its database at startup on a thread of its own, and gives
 * up on it after {@code unisights.delivery.jdbc.open-timeout}. A database that accepts
 * connections and never answers otherwise holds startup forever when the driver has no
 * login or socket timeout: no pool gives up on a connection it is still opening.
 */
final class BoundedOpen {

	static final String SET_TIMEOUTS = "Check that spring.datasource.url names a database that is up. Set connect, "
			+ "login and socket timeouts on the DataSource so that a database that does not answer fails at once (for "
			+ "PostgreSQL spring.datasource.hikari.data-source-properties.connectTimeout, loginTimeout and "
			+ "socketTimeout, in seconds), and unisights.delivery.jdbc.open-timeout bounds the store's own wait.";

	private BoundedOpen() {
	}

	/**
	 * Runs a call, waiting at most the timeout for it.
	 * @param timeout longest wait
	 * @param what what the call does, for the message
	 * @param call the call
	 * @return its result
	 * @throws DeliveryStoreUnavailableException if it did not answer in time or failed
	 */
	static <T> T within(Duration timeout, String what, Callable<T> call) {
		FutureTask<T> task = new FutureTask<>(call);
		Thread thread = new Thread(task, "unisights-store-open");
		// Left behind if the database never answers; it must not keep the JVM alive.
		thread.setDaemon(true);
		thread.start();
		try {
			return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			task.cancel(true);
			throw new DeliveryStoreUnavailableException("The delivery store's database did not answer within "
					+ timeout.toSeconds() + " s while " + what + " (unisights.delivery.jdbc.open-timeout)",
					SET_TIMEOUTS, null);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof DeliveryStoreUnavailableException unavailable) {
				throw unavailable;
			}
			throw new DeliveryStoreUnavailableException("The delivery store could not reach its database while " + what
					+ ": " + NestedExceptionUtils.getMostSpecificCause(cause).getMessage(), SET_TIMEOUTS, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			task.cancel(true);
			throw new DeliveryStoreUnavailableException("Interrupted while " + what, SET_TIMEOUTS, ex);
		}
	}

}
