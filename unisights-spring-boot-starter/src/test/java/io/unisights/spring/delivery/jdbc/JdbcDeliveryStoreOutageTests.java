package io.unisights.spring.delivery.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.unisights.spring.Channel;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DeliveryStore.Availability;
import io.unisights.spring.delivery.QueueFullException;
import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.spring.test.PostgresServer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The store while its PostgreSQL server is stopped and started again: a server of these
 * tests' own, so that stopping it disturbs no other test.
 */
class JdbcDeliveryStoreOutageTests {

	private static PostgresServer server;

	private final List<JdbcDeliveryStore> stores = new ArrayList<>();

	private final List<HikariDataSource> dataSources = new ArrayList<>();

	@BeforeAll
	static void startServer() {
		server = PostgresServer.dedicated();
	}

	@AfterEach
	void close() {
		server.startIfStopped();
		this.stores.forEach(JdbcDeliveryStore::close);
		this.dataSources.forEach(HikariDataSource::close);
	}

	@Test
	void deletesADeliveredRowWhoseDeleteFailedOnceTheDatabaseIsBackAndNeverHandsItOutAgain() throws Exception {
		HikariDataSource dataSource = dataSource(Duration.ofSeconds(2));
		// A lease shorter than the outage: the rows' claims run out while the database is
		// away, and the claims after it find them free.
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofMillis(900)));
		for (int i = 0; i < 3; i++) {
			store.add(item("delivered-" + i), null);
		}
		List<StoredDelivery> taken = new ArrayList<>();
		while (taken.size() < 3) {
			StoredDelivery item = store.take(100);
			if (item != null) {
				taken.add(item);
			}
		}

		server.stop();
		// Delivered while the database is down: the deletes fail.
		taken.forEach(store::remove);
		await().atMost(Duration.ofSeconds(20)).until(() -> !store.availability().available());
		assertThat(store.take(100)).isNull();
		Thread.sleep(1500);
		server.start();

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Set<String> handedOutAgain = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			StoredDelivery item = store.take(50);
			if (item != null) {
				handedOutAgain.add(item.id());
			}
			return jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class) == 0;
		});
		assertThat(handedOutAgain).isEmpty();
		assertThat(store.committed().deletedRows()).isEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> store.availability().available());
	}

	@Test
	void reportsItselfUnavailableWhileTheDatabaseIsDownWithoutWaitingForThePool() throws Exception {
		// The pool's default: a call waits up to 30 s for a connection to a database that is
		// down. The store tells from its own unanswered call, within the health timeout.
		HikariDataSource dataSource = dataSource(Duration.ofSeconds(30));
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30)));
		assertThat(store.availability()).isEqualTo(Availability.AVAILABLE);

		long stopped = System.nanoTime();
		server.stop();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
			.until(() -> !store.availability().available());
		long down = System.nanoTime();
		Availability availability = store.availability();
		assertThat(availability.problem()).isNotBlank().doesNotContain("127.0.0.1");
		assertThatExceptionOfType(QueueFullException.class).isThrownBy(() -> store.add(item("refused"), null));

		server.start();
		long started = System.nanoTime();
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
			.until(() -> store.availability().available());
		long up = System.nanoTime();
		System.out.printf("Store unavailable %.1f s after the server stopped (%s); available %.1f s after it started%n",
				(down - stopped) / 1e9, availability.problem(), (up - started) / 1e9);
		assertThat(store.add(item("accepted"), null)).isTrue();
	}

	@Test
	void refusesItemsAtOnceWhileTheDatabaseFails() throws Exception {
		HikariDataSource dataSource = dataSource(Duration.ofMillis(500));
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30)));
		server.stop();
		await().atMost(Duration.ofSeconds(20)).until(() -> !store.availability().available());
		// Failed, not merely slow: the pool gave up within its 500 ms.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> String.valueOf(store.availability().problem()).contains("failed"));

		assertThatExceptionOfType(QueueFullException.class).isThrownBy(() -> store.add(item("refused"), null))
			.withMessageContaining("cannot commit")
			.satisfies((ex) -> assertThat(ex.isShuttingDown()).isFalse());
		assertThat(store.size()).isZero();
	}

	private JdbcDeliveryStore open(HikariDataSource dataSource, DeliveryProperties.Jdbc settings) {
		JdbcDeliveryStore store = JdbcDeliveryStoreTests.store(dataSource, settings);
		store.open();
		this.stores.add(store);
		return store;
	}

	private static DeliveryProperties.Jdbc settings(Duration lease) {
		return new DeliveryProperties.Jdbc(DeliveryProperties.InitializeSchema.ALWAYS, 1000, DataSize.ofMegabytes(10),
				lease, Duration.ofMillis(20), 4, 64, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(2),
				Duration.ofSeconds(30));
	}

	private HikariDataSource dataSource(Duration connectionTimeout) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(server.createDatabase());
		dataSource.setUsername("postgres");
		dataSource.setConnectionTimeout(connectionTimeout.toMillis());
		this.dataSources.add(dataSource);
		return dataSource;
	}

	private static StoredDelivery item(String id) {
		return new StoredDelivery(0, id, Channel.BEACON, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
	}

}
