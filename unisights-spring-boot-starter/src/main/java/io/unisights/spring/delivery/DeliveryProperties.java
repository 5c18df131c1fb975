package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the way accepted items reach the {@link io.unisights.spring.EventHandler}
 * beans.
 *
 * @param mode Whether endpoints answer after the handlers ran (sync) or once the
 * item is queued (async)
 * @param store Where asynchronous delivery keeps accepted items until they are delivered:
 * in memory, committed to a table of the application's DataSource, or in a Kafka topic
 * @param queueCapacity Most items the in-memory queue holds; when it is full, requests
 * are answered 503 with Retry-After
 * @param queueMaxSize Most bytes the in-memory queue holds, counting each beacon by the JSON
 * it was accepted from (the body, or the decrypted plaintext; the decoded beacon it holds
 * takes about 1.3 to 3 times that on the heap) and other items by their encoded JSON; when
 * it is reached, requests are answered 503 with Retry-After
 * @param jdbc Settings of the database store (store=jdbc)
 * @param workers Number of threads that take items off the asynchronous queue and run the
 * handlers
 * @param virtualThreads Whether asynchronous workers run on virtual threads when the JVM
 * offers them (Java 21 and later); platform threads are used otherwise
 * @param retryAfter How long a sender refused with 503 is told to wait before retrying
 * @param retry How failed handler invocations are retried
 * @param deadLetter Where items go that still fail after the last attempt
 * @param shutdownTimeout How long the asynchronous queue is drained on shutdown before the
 * remaining items are written to the dead-letter sink
 * @param dedupe Suppression of beacons received twice
 * @param health When the delivery health indicator reports OUT_OF_SERVICE
 */
@ConfigurationProperties("unisights.delivery")
public record DeliveryProperties(@DefaultValue("sync") Mode mode, @DefaultValue("memory") Store store,
		@DefaultValue("10000") int queueCapacity, @DefaultValue("64MB") DataSize queueMaxSize, @DefaultValue Jdbc jdbc,
		@DefaultValue("4") int workers, @DefaultValue("true") boolean virtualThreads,
		@DefaultValue("5s") Duration retryAfter, @DefaultValue Retry retry, @DefaultValue DeadLetterFile deadLetter,
		@DefaultValue("30s") Duration shutdownTimeout, @DefaultValue Dedupe dedupe, @DefaultValue Health health) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public DeliveryProperties {
		requireAtLeastOne("unisights.delivery.queue-capacity", queueCapacity);
		if (queueMaxSize.toBytes() < 1) {
			throw new IllegalArgumentException(
					"unisights.delivery.queue-max-size must be positive but was " + queueMaxSize);
		}
		requireAtLeastOne("unisights.delivery.workers", workers);
		if (retryAfter.isNegative() || shutdownTimeout.isNegative()) {
			throw new IllegalArgumentException(
					"unisights.delivery.retry-after and shutdown-timeout must not be negative");
		}
	}

	private static void requireAtLeastOne(String property, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(property + " must be at least 1 but was " + value);
		}
	}

	/**
	 * When the sender gets its answer.
	 */
	public enum Mode {

		/**
		 * Answer after every handler completed: 200, or 500 once the retries are spent so
		 * that the sender, which still holds the item, retries it.
		 */
		SYNC,

		/**
		 * Answer 202 once the item is in the bounded queue; workers deliver it, retry it
		 * and finally dead-letter it.
		 */
		ASYNC

	}

	/**
	 * Where asynchronous delivery keeps accepted items.
	 */
	public enum Store {

		/**
		 * A bounded queue in memory: fast, but what it holds is lost if the process dies.
		 */
		MEMORY,

		/**
		 * A table in the application's DataSource, committed before the answer: survives a
		 * crash, and several instances on one database share the work.
		 */
		JDBC,

		/**
		 * A Kafka topic, acknowledged by the brokers before the answer: survives a crash,
		 * and the instances of one consumer group share the work.
		 */
		KAFKA

	}

	/**
	 * When the database store creates its tables.
	 */
	public enum InitializeSchema {

		/** Only on a database that runs inside the JVM (H2, a file too). */
		EMBEDDED,

		/** On every database, with the script for its kind (H2, PostgreSQL). */
		ALWAYS,

		/** Never: the tables are created with the shipped scripts beforehand. */
		NEVER

	}

	/**
	 * The database store.
	 *
	 * @param initializeSchema When the store creates its tables at startup (CREATE TABLE IF
	 * NOT EXISTS); the scripts ship in the jar as
	 * io/unisights/spring/delivery/jdbc/schema-h2.sql and schema-postgresql.sql
	 * @param maxRows Most rows the store holds; past it requests are answered 503 with
	 * Retry-After
	 * @param maxSize Most bytes of items the store holds; past it requests are answered 503
	 * with Retry-After
	 * @param lease How long a claim on a row lasts without renewal; a live instance renews
	 * its claims every third of it, so a row claimed by an instance that died is delivered
	 * by another one this long after
	 * @param pollInterval How often idle workers look for rows stored by other instances
	 * @param claimBatch Most rows claimed at once
	 * @param commitMaxBatch Most items (rows inserted and delivered rows deleted) one commit
	 * takes
	 * @param commitMaxWait How long the committer waits for more items once it has one;
	 * zero commits what has gathered at once
	 * @param commitTimeout How long a request waits for its commit before it is answered 503
	 * @param healthTimeout How long a database call of the store may go unanswered before
	 * the store reports itself down (health DOWN); a call that fails does so at once
	 * @param openTimeout Longest wait for the database when the store starts (what database
	 * it is, its tables, its settings); past it startup fails rather than hanging on a
	 * database that accepts connections and never answers
	 */
	public record Jdbc(@DefaultValue("embedded") InitializeSchema initializeSchema,
			@DefaultValue("1000000") long maxRows, @DefaultValue("1GB") DataSize maxSize,
			@DefaultValue("60s") Duration lease, @DefaultValue("200ms") Duration pollInterval,
			@DefaultValue("16") int claimBatch, @DefaultValue("256") int commitMaxBatch,
			@DefaultValue("0ms") Duration commitMaxWait, @DefaultValue("10s") Duration commitTimeout,
			@DefaultValue("2s") Duration healthTimeout, @DefaultValue("30s") Duration openTimeout) {

		/**
		 * Checks the components.
		 */
		public Jdbc {
			if (maxRows < 1 || maxSize.toBytes() < 1) {
				throw new IllegalArgumentException("unisights.delivery.jdbc.max-rows and max-size must be positive");
			}
			if (lease.toMillis() < 30 || pollInterval.toMillis() < 1) {
				throw new IllegalArgumentException(
						"unisights.delivery.jdbc.lease must be at least 30ms and poll-interval at least 1ms");
			}
			if (claimBatch < 1 || commitMaxBatch < 1) {
				throw new IllegalArgumentException(
						"unisights.delivery.jdbc.claim-batch and commit-max-batch must be at least 1");
			}
			if (commitMaxWait.isNegative() || commitTimeout.toMillis() < 1) {
				throw new IllegalArgumentException(
						"unisights.delivery.jdbc.commit-max-wait must not be negative, commit-timeout must be positive");
			}
			if (healthTimeout.toMillis() < 1) {
				throw new IllegalArgumentException(
						"unisights.delivery.jdbc.health-timeout must be positive but was " + healthTimeout);
			}
			if (openTimeout.toMillis() < 1) {
				throw new IllegalArgumentException(
						"unisights.delivery.jdbc.open-timeout must be positive but was " + openTimeout);
			}
		}

	}

	/**
	 * Retries of a failed handler, with exponential backoff and jitter.
	 *
	 * @param maxAttempts Attempts per item, the first included; 1 disables retries
	 * @param initialBackoff Wait before the second attempt; each further wait doubles, and a
	 * random part of up to half of it is taken off so that failing items spread out
	 * @param maxBackoff Longest wait between two attempts
	 */
	public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("10s") Duration maxBackoff) {

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Retry {
			requireAtLeastOne("unisights.delivery.retry.max-attempts", maxAttempts);
			if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
				throw new IllegalArgumentException("unisights.delivery.retry.max-backoff (" + maxBackoff
						+ ") must not be shorter than initial-backoff (" + initialBackoff + ")");
			}
		}

	}

	/**
	 * The default dead-letter sink, a JSON Lines file.
	 *
	 * @param path File that receives one JSON line per item that could not be delivered;
	 * put it on persistent storage, readable by the application only
	 */
	public record DeadLetterFile(@DefaultValue("unisights-dead-letter.jsonl") Path path) {

	}

	/**
	 * Duplicate suppression of beacons. An encrypted beacon decrypts to the same content
	 * every time, so a replayed capture is caught by the same check as a resent plain one.
	 *
	 * @param enabled Whether a beacon with the session and content of one accepted within
	 * the window is acknowledged as a duplicate instead of delivered again
	 * @param window How long an accepted beacon is remembered
	 * @param maxEntries Most beacons remembered at once (about 100 bytes each); the oldest
	 * are forgotten first
	 */
	public record Dedupe(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration window,
			@DefaultValue("50000") int maxEntries) {

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Dedupe {
			requireAtLeastOne("unisights.delivery.dedupe.max-entries", maxEntries);
		}

	}

	/**
	 * Thresholds of the delivery health indicator.
	 *
	 * @param queueThreshold Fraction of the queue capacity (0.0 to 1.0) from which the
	 * queue counts as nearly full and the health is OUT_OF_SERVICE
	 * @param deadLetterWindow How long after an item was dead-lettered the health details
	 * report deadLetteredRecently=true; dead letters never change the health status
	 */
	public record Health(@DefaultValue("0.9") double queueThreshold, @DefaultValue("5m") Duration deadLetterWindow) {

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Health {
			if (!(queueThreshold > 0.0 && queueThreshold <= 1.0)) {
				throw new IllegalArgumentException(
						"unisights.delivery.health.queue-threshold must be in (0, 1] but was " + queueThreshold);
			}
		}

	}

}
