package io.unisights.spring.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.DecodedBeacon;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.delivery.jdbc.TestJdbcStores;
import io.unisights.spring.test.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows an earlier version committed, as JSON, are delivered by this one beside rows in the
 * compact form, on a real H2 file and a real PostgreSQL server.
 */
class StoredItemUpgradeTests {

	@TempDir
	Path temp;

	private final Map<String, Delivery> delivered = new ConcurrentHashMap<>();

	private HikariDataSource dataSource;

	private AsynchronousEventDispatcher dispatcher;

	@AfterEach
	void close() {
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
		this.dataSource.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void deliversRowsAnEarlierVersionWroteAsJsonBesideCompactOnes(String database) {
		this.dataSource = dataSource(database);
		DeliveryCodec codec = new DeliveryCodec(List.of(new BeaconDeliveryRestorer()));
		RequestContext then = new RequestContext("198.51.100.4", "Mozilla/5.0", "https://shop.example.com",
				Instant.parse("2025-06-01T12:00:00Z"));
		BeaconDelivery old = Beacons.delivery("old-1", 1);
		// As the earlier version's DeliveryCodec.encode wrote it: id, channel, context, payload.
		String oldItem = "{\"id\":\"old-1\",\"channel\":\"beacon\",\"context\":{\"client_ip\":\"198.51.100.4\","
				+ "\"user_agent\":\"Mozilla/5.0\",\"origin\":\"https://shop.example.com\","
				+ "\"received_at\":\"2025-06-01T12:00:00Z\"},\"payload\":" + old.wireData() + "}";
		DecodedBeacon decoded = BeaconDecoder.builder().build().decode(Beacons.body(2).getBytes(StandardCharsets.UTF_8));
		BeaconDelivery current = new BeaconDelivery("new-1", decoded.payload(), then, decoded.contentDigest());

		DeliveryStore earlier = TestJdbcStores.store(this.dataSource);
		earlier.open();
		earlier.add(new StoredDelivery(0, "old-1", Channel.BEACON, oldItem.getBytes(StandardCharsets.UTF_8)), null);
		earlier.add(codec.store(current, decoded.source()), null);
		earlier.close();

		DeliveryStore store = TestJdbcStores.store(this.dataSource);
		EventHandler recorder = new EventHandler() {

			@Override
			public void handle(Delivery delivery) {
				StoredItemUpgradeTests.this.delivered.put(delivery.id(), delivery);
			}

		};
		DeliveryMetrics metrics = new DeliveryMetrics(Clock.systemUTC());
		this.dispatcher = new AsynchronousEventDispatcher(
				new HandlerChain(List.of(recorder), metrics, Clock.systemUTC()),
				new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(5)),
				new JsonlDeadLetterFile(this.temp.resolve("dead.jsonl")), metrics, null, store, codec, 2,
				WorkerThreads.factory(false), Duration.ofSeconds(5), Duration.ofSeconds(2));
		this.dispatcher.start();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.delivered.size() == 2);
		assertThat(this.delivered.get("old-1")).isEqualTo(new BeaconDelivery("old-1", old.payload(), then));
		assertThat(this.delivered.get("new-1")).isEqualTo(current);
		assertThat(metrics.deadLettered()).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.dispatcher.store().size() == 0);
	}

	private HikariDataSource dataSource(String database) {
		HikariDataSource dataSource = new HikariDataSource();
		if (database.equals("h2")) {
			dataSource.setJdbcUrl("jdbc:h2:file:" + this.temp.resolve("store").toAbsolutePath()
					+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		}
		else {
			dataSource.setJdbcUrl(PostgresServer.shared().createDatabase());
			dataSource.setUsername("postgres");
		}
		return dataSource;
	}

}
