package io.unisights.spring.delivery.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryStore.Availability;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * What the store knows of its database from its own calls: unavailable from the moment a
 * call fails until a later one succeeds, and while a call has gone unanswered for longer
 * than the health timeout. A pool waits up to its connection timeout (30 s by default)
 * before it gives up on a database that is down, so the unanswered call tells first.
 * Reading it costs nothing: health checks and requests never wait on the database to
 * learn whether it answers.
 */
final class StoreHealth {

	private final long timeoutNanos;

	private final Set<Call> inProgress = ConcurrentHashMap.newKeySet();

	// The outcome of the call that completed last: a success after a failure clears it.
	private volatile Outcome last = new Outcome(true, null, System.nanoTime());

	StoreHealth(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Notes the start of a call to the database that should answer at once: a commit, a
	 * claim, a renewal, a probe.
	 * @param what what the call does, for the health details
	 * @return the call, to be ended with {@link Call#succeeded()} or {@link Call#failed}
	 */
	Call begin(String what) {
		Call call = new Call(what, System.nanoTime());
		this.inProgress.add(call);
		return call;
	}

	/**
	 * Notes the start of housekeeping that may take long on a large table (counting rows,
	 * purging keys): its failure counts, its time does not.
	 * @param what what the call does
	 * @return the call
	 */
	Call beginUnwatched(String what) {
		return new Call(what, System.nanoTime());
	}

	/**
	 * How long ago a call last succeeded.
	 * @return nanoseconds since
	 */
	long nanosSinceSuccess() {
		Outcome outcome = this.last;
		return outcome.succeeded() ? System.nanoTime() - outcome.at() : Long.MAX_VALUE;
	}

	Availability availability() {
		Outcome outcome = this.last;
		long now = System.nanoTime();
		if (!outcome.succeeded()) {
			return Availability.unavailable(outcome.problem() + " " + seconds(now - outcome.at()) + " s ago");
		}
		Call oldest = null;
		for (Call call : this.inProgress) {
			if (oldest == null || call.startedAt - oldest.startedAt < 0) {
				oldest = call;
			}
		}
		if (oldest != null && now - oldest.startedAt > this.timeoutNanos) {
			return Availability.unavailable("no answer from the database for " + seconds(now - oldest.startedAt)
					+ " s (" + oldest.what() + "; unisights.delivery.jdbc.health-timeout)");
		}
		return Availability.AVAILABLE;
	}

	private static String seconds(long nanos) {
		return String.format("%.1f", nanos / 1e9);
	}

	/**
	 * A failure as health details and answers to senders may show it: the kind of error
	 * and its SQL state, not its message, which names hosts, ports, users and statements
	 * (the log has it).
	 * @param what what failed
	 * @param failure how
	 * @return one line
	 */
	static String problem(String what, Throwable failure) {
		Throwable cause = failure;
		String sqlState = null;
		while (true) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				sqlState = sql.getSQLState();
			}
			if (cause.getCause() == null || cause.getCause() == cause) {
				break;
			}
			cause = cause.getCause();
		}
		return what + " failed with " + cause.getClass().getSimpleName()
				+ ((sqlState != null) ? " (SQL state " + sqlState + ")" : "");
	}

	/** One call to the database, from its start to its outcome. */
	final class Call {

		private final String what;

		private final long startedAt;

		private Call(String what, long startedAt) {
			this.what = what;
			this.startedAt = startedAt;
		}

		String what() {
			return this.what;
		}

		void succeeded() {
			end(new Outcome(true, null, System.nanoTime()));
		}

		/**
		 * Ends the call with a failure. A conflict between transactions (a lock another
		 * one holds, a deadlock) is an answer from a working database, and counts as one.
		 * @param failure what the call threw
		 */
		void failed(Throwable failure) {
			boolean answered = failure instanceof ConcurrencyFailureException;
			end(new Outcome(answered, answered ? null : problem(this.what, failure), System.nanoTime()));
		}

		private void end(Outcome outcome) {
			StoreHealth.this.inProgress.remove(this);
			StoreHealth.this.last = outcome;
		}

	}

	private record Outcome(boolean succeeded, @Nullable String problem, long at) {

	}

}
