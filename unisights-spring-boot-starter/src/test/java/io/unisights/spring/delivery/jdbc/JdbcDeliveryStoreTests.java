package io.unisights.spring.delivery.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.Channel;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DeliveryStoreUnavailableException;
import io.unisights.spring.delivery.DuplicateFilter;
import io.unisights.spring.delivery.KeyWindow;
import io.unisights.spring.delivery.QueueFullException;
import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.spring.test.PostgresServer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The database store on a real H2 file and a real PostgreSQL server.
 */
class JdbcDeliveryStoreTests {

	@TempDir
	Path temp;

	private final List<JdbcDeliveryStore> stores = new ArrayList<>();

	private final List<HikariDataSource> dataSources = new ArrayList<>();

	@AfterEach
	void close() {
		this.stores.forEach(JdbcDeliveryStore::close);
		this.dataSources.forEach(HikariDataSource::close);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void keepsEveryCommittedItemAcrossARestartUnderItsId(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		JdbcDeliveryStore first = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		for (int i = 0; i < 20; i++) {
			first.add(item("id-" + i), null);
		}
		StoredDelivery taken = first.take(1000);
		assertThat(taken).isNotNull();
		first.remove(taken);
		first.close();

		JdbcDeliveryStore second = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		Set<String> ids = drain(second, 19);
		Set<String> expected = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			expected.add("id-" + i);
		}
		expected.remove(taken.id());
		assertThat(ids).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void anotherInstanceTakesAnItemOnceTheClaimOfADeadOneRanOut(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		DeliveryProperties.Jdbc shortLease = settings(Duration.ofMillis(300), 1000, DataSize.ofMegabytes(10));
		// Stored by one instance, then claimed by an instance that died holding it: nobody
		// renews or releases the claim.
		open(dataSource, shortLease).add(item("orphan"), null);
		new JdbcTemplate(dataSource).update("UPDATE unisights_delivery SET claimed_by = 'dead', lease_until = ?",
				System.currentTimeMillis() + 2000);
		JdbcDeliveryStore survivor = open(dataSource, shortLease);

		assertThat(survivor.take(10)).as("claimed by a live lease").isNull();
		assertThat(drain(survivor, 1)).containsExactly("orphan");
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void handsWhatItStoredToItsOwnWorkersClaimedAsInsertedWithoutReadingItBack(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		store.add(item("own"), null);

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForList("SELECT claimed_by FROM unisights_delivery", String.class)).singleElement()
			.isNotNull();
		// Selecting a free row would take it from the table and count a claim on it.
		jdbc.update("UPDATE unisights_delivery SET item = ?", (Object) "{\"id\":\"table\"}".getBytes(StandardCharsets.UTF_8));
		StoredDelivery taken = store.take(1000);
		assertThat(taken).isNotNull();
		assertThat(new String(taken.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"own\"}");
		assertThat(jdbc.queryForObject("SELECT claims FROM unisights_delivery", Integer.class)).isEqualTo(1);
		store.remove(taken);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class) == 0);
	}

	@Test
	void compressesItsItemsWithLz4OnPostgresqlLeavingTheSessionsOwnSettingAsItWas() throws Exception {
		HikariDataSource dataSource = (HikariDataSource) dataSource("postgresql");
		// One connection: the store's commits and the checks below share it.
		dataSource.setMaximumPoolSize(1);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String before = jdbc.queryForObject("SHOW default_toast_compression", String.class);
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		// Past the 2 KB at which PostgreSQL compresses a value, and compressible.
		String events = "{\"type\":\"page_view\",\"url\":\"https://example.com/\"},".repeat(200);
		store.add(new StoredDelivery(0, "large", Channel.BEACON,
				("{\"events\":[" + events + "{}]}").getBytes(StandardCharsets.UTF_8)), null);

		assertThat(jdbc.queryForObject("SELECT pg_column_compression(item) FROM unisights_delivery", String.class))
			.isEqualTo("lz4");
		assertThat(jdbc.queryForObject("SHOW default_toast_compression", String.class)).isEqualTo(before)
			.isNotEqualTo("lz4");
		StoredDelivery taken = store.take(1000);
		assertThat(taken).isNotNull();
		assertThat(new String(taken.bytes(), StandardCharsets.UTF_8)).startsWith("{\"events\":[").endsWith("{}]}");
	}

	@Test
	void handoffRefusesRoomPastItsItemsOrBytes() {
		Handoff handoff = new Handoff(2, 100);
		assertThat(handoff.reserve(60)).isTrue();
		assertThat(handoff.reserve(60)).as("past the bytes").isFalse();
		assertThat(handoff.reserve(10)).isTrue();
		assertThat(handoff.reserve(10)).as("past the items").isFalse();
		handoff.put(new StoredDelivery(1, "a", Channel.BEACON, new byte[60]));
		assertThat(handoff.poll()).isNotNull();
		assertThat(handoff.reserve(60)).as("room given back when taken").isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void refusesItemsPastItsRowBoundAndTakesThemAgainOnceDelivered(String database) throws Exception {
		JdbcDeliveryStore store = open(dataSource(database), settings(Duration.ofSeconds(30), 3, DataSize.ofMegabytes(10)));
		for (int i = 0; i < 3; i++) {
			store.add(item("id-" + i), null);
		}
		assertThatExceptionOfType(QueueFullException.class).isThrownBy(() -> store.add(item("id-3"), null))
			.withMessageContaining("unisights.delivery.jdbc.max-rows")
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(2)));
		drain(store, 3);
		// Delivered rows are deleted by the next commit, a moment later.
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			store.add(item("id-3"), null);
			return true;
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void refusesItemsPastItsByteBound(String database) throws Exception {
		JdbcDeliveryStore store = open(dataSource(database), settings(Duration.ofSeconds(30), 1000, DataSize.ofKilobytes(1)));
		store.add(new StoredDelivery(0, "big", Channel.BEACON, new byte[700]), null);
		assertThatExceptionOfType(QueueFullException.class)
			.isThrownBy(() -> store.add(new StoredDelivery(0, "more", Channel.BEACON, new byte[700]), null))
			.withMessageContaining("unisights.delivery.jdbc.max-size");
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void commitsEveryItemOfConcurrentSendersOnce(String database) throws Exception {
		JdbcDeliveryStore store = open(dataSource(database), settings(Duration.ofSeconds(30), 10_000, DataSize.ofMegabytes(10)));
		addFromEightSenders(store, 50);
		assertThat(store.committed().insertedRows()).isEqualTo(400);
		assertThat(store.statistics()).startsWith("Delivery store committed 400 row(s) in " + store.committed().insertCommits());
		assertThat(drain(store, 400)).hasSize(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void handsEachItemOfAManyRowCommitToItsWorkersUnderItsOwnRow(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 10_000, DataSize.ofMegabytes(10)));
		addFromEightSenders(store, 25);
		assertThat(store.committed().insertCommits()).as("commits that held several rows")
			.isLessThan(store.committed().insertedRows());
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (int i = 0; i < 200; i++) {
			StoredDelivery taken = store.take(1000);
			assertThat(taken).isNotNull();
			// Its delete goes by this position: another item's would delete the wrong row.
			assertThat(jdbc.queryForObject("SELECT id FROM unisights_delivery WHERE seq = ?", String.class,
					taken.seq()))
				.isEqualTo(taken.id());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void storesTheFirstOfAGroupsItemsWithOneKeyAndTakesTheRestForDuplicates(String database) {
		DataSource dataSource = dataSource(database);
		DeliveryProperties.Jdbc settings = settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10));
		store(dataSource, settings);
		JdbcDeliveryRepository repository = JdbcDeliveryRepository.connect(dataSource, settings);
		long now = System.currentTimeMillis();
		JdbcDialect.KeyClaim key = new JdbcDialect.KeyClaim("digest-1", now + 60_000);
		JdbcDialect.KeyClaim other = new JdbcDialect.KeyClaim("digest-2", now + 60_000);

		long[] seqs = repository.commit(List.of(insertion("a", key), insertion("b", key), insertion("c", null),
				insertion("d", other)), List.of(), now);
		assertThat(seqs[1]).as("the repeat within the group").isZero();
		assertThat(seqs[0]).isPositive();
		assertThat(seqs[2]).isGreaterThan(seqs[0]);
		assertThat(seqs[3]).isGreaterThan(seqs[2]);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (int i : new int[] { 0, 2, 3 }) {
			assertThat(jdbc.queryForObject("SELECT id FROM unisights_delivery WHERE seq = ?", String.class, seqs[i]))
				.isEqualTo(List.of("a", "b", "c", "d").get(i));
		}

		long[] next = repository.commit(List.of(insertion("e", key)), List.of(seqs[0]), now);
		assertThat(next[0]).as("a key recorded by an earlier group").isZero();
		assertThat(jdbc.queryForList("SELECT id FROM unisights_delivery ORDER BY seq", String.class))
			.containsExactly("c", "d");
	}

	private static void addFromEightSenders(JdbcDeliveryStore store, int each) throws InterruptedException {
		List<Thread> senders = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int sender = t;
			Thread thread = new Thread(() -> {
				for (int i = 0; i < each; i++) {
					store.add(item(sender + "-" + i), null);
				}
			});
			thread.start();
			senders.add(thread);
		}
		for (Thread sender : senders) {
			sender.join();
		}
	}

	private static JdbcDeliveryRepository.Insertion insertion(String id, JdbcDialect.@Nullable KeyClaim key) {
		return new JdbcDeliveryRepository.Insertion(item(id), key, null, 0);
	}

	@Test
	void commitsOnAPostgresqlPoolWhoseConnectionsDoNotAutocommit() throws Exception {
		HikariDataSource dataSource = (HikariDataSource) dataSource("postgresql");
		dataSource.setAutoCommit(false);
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		store.add(item("first"), null);
		store.add(item("second"), null);

		// Another pool: it sees only what was committed.
		HikariDataSource reader = new HikariDataSource();
		reader.setJdbcUrl(dataSource.getJdbcUrl());
		reader.setUsername("postgres");
		this.dataSources.add(reader);
		JdbcTemplate jdbc = new JdbcTemplate(reader);
		assertThat(jdbc.queryForList("SELECT id FROM unisights_delivery ORDER BY seq", String.class))
			.containsExactly("first", "second");
		drain(store, 2);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class) == 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void recordsAnItemsKeyWithItSoThatARepeatIsAcknowledgedAcrossRestarts(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		JdbcDeliveryStore first = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		KeyWindow window = new JdbcKeyWindow(first, Duration.ofMinutes(10));
		DuplicateFilter.Claim claim = new DuplicateFilter.Claim("beacon:0123", window);

		assertThat(first.add(item("original"), claim)).isTrue();
		assertThat(first.add(item("repeat"), claim)).isFalse();
		first.close();
		JdbcDeliveryStore second = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		assertThat(second.add(item("after-restart"), new DuplicateFilter.Claim("beacon:0123",
				new JdbcKeyWindow(second, Duration.ofMinutes(10))))).isFalse();

		assertThat(drain(second, 1)).containsExactly("original");
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void takesAKeyAgainOnceItsWindowPassedOrItWasReleased(String database) throws Exception {
		JdbcDeliveryStore store = open(dataSource(database),
				settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		KeyWindow brief = new JdbcKeyWindow(store, Duration.ofMillis(1));
		KeyWindow day = new JdbcKeyWindow(store, Duration.ofDays(1));

		assertThat(brief.claim("ingest-message:m1")).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> !brief.contains("ingest-message:m1"));
		assertThat(day.claim("ingest-message:m1")).as("expired, so new").isTrue();
		assertThat(day.claim("ingest-message:m1")).as("within the day").isFalse();

		assertThat(day.claim("ingest-message:m2")).isTrue();
		assertThat(day.contains("ingest-message:m2")).isTrue();
		day.release("ingest-message:m2");
		assertThat(day.claim("ingest-message:m2")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void deletesTheRowsManyWorkersDeliveredInFewCommitsWithoutMakingThemWait(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		for (int i = 0; i < 200; i++) {
			store.add(item("id-" + i), null);
		}
		List<StoredDelivery> taken = new ArrayList<>();
		while (taken.size() < 200) {
			StoredDelivery item = store.take(100);
			if (item != null) {
				taken.add(item);
			}
		}
		// remove() hands the delete to the committer and returns: the deletes gather while
		// a commit runs, and the next commit takes up to commit-max-batch (64) of them.
		taken.forEach(store::remove);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class) == 0);
		assertThat(store.committed().deletedRows()).isEqualTo(200);
		assertThat(store.committed().deleteCommits()).as(store.statistics()).isLessThan(50);
	}

	@Test
	void setsH2sWriteDelayToZeroWhenTheUrlLeavesItAtItsDefault() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + this.temp.resolve("delay").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
		this.dataSources.add(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(writeDelay(jdbc)).as("H2's default").containsOnly("500");

		open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));

		assertThat(writeDelay(jdbc)).isNotEmpty().containsOnly("0");
	}

	@Test
	void setsTheWriteDelayToZeroAgainWhenH2ChangesIt() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + this.temp.resolve("again").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
		this.dataSources.add(dataSource);
		open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		// As H2 does when it opens the file again, or a connection's URL names a delay.
		jdbc.execute("SET WRITE_DELAY 500");
		assertThat(writeDelay(jdbc)).contains("500");

		await().atMost(Duration.ofSeconds(10)).until(() -> writeDelay(jdbc).stream().allMatch("0"::equals));
	}

	@Test
	void refusesAnH2UrlThatAsksForAWriteDelay() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + this.temp.resolve("delayed").toAbsolutePath()
				+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500");
		this.dataSources.add(dataSource);
		JdbcDeliveryStore store = store(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));

		assertThatExceptionOfType(DeliveryStoreUnavailableException.class).isThrownBy(store::open)
			.withMessageContaining("WRITE_DELAY=500")
			.satisfies((ex) -> assertThat(ex.getAction()).contains(";WRITE_DELAY=0"));
		assertThatExceptionOfType(QueueFullException.class).isThrownBy(() -> store.add(item("refused"), null));
	}

	@Test
	void refusesAnH2DatabaseWhoseWriteDelayItCannotSet() {
		String url = "jdbc:h2:file:" + this.temp.resolve("locked").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
		HikariDataSource owner = new HikariDataSource();
		owner.setJdbcUrl(url);
		JdbcTemplate admin = new JdbcTemplate(owner);
		admin.execute("CREATE USER writer PASSWORD 'secret'");
		// Creates the tables.
		store(owner, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		admin.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON unisights_delivery, unisights_delivery_window TO writer");
		// Closed, so that the next opening of the file starts with H2's default delay.
		admin.execute("SHUTDOWN");
		owner.close();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername("writer");
		dataSource.setPassword("secret");
		this.dataSources.add(dataSource);
		DeliveryProperties.Jdbc settings = new DeliveryProperties.Jdbc(DeliveryProperties.InitializeSchema.NEVER, 1000,
				DataSize.ofMegabytes(10), Duration.ofSeconds(30), Duration.ofMillis(20), 4, 64, Duration.ZERO,
				Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(30));
		JdbcDeliveryStore store = new JdbcDeliveryStore(JdbcDeliveryRepository.connect(dataSource, settings), settings,
				Duration.ofSeconds(2));

		assertThatExceptionOfType(DeliveryStoreUnavailableException.class).isThrownBy(store::open)
			.withMessageContaining("could not set WRITE_DELAY 0")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("admin rights", ";WRITE_DELAY=0"));
	}

	private static List<String> writeDelay(JdbcTemplate jdbc) {
		return jdbc.queryForList(
				"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'", String.class);
	}

	@Test
	void aClaimOnH2WritesTheRowsItTakesNotTheWholeBacklog() throws Exception {
		// WRITE_DELAY=0: each commit is written before it returns, so the counter below
		// holds exactly what the claim wrote.
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + this.temp.resolve("claims").toAbsolutePath()
				+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		this.dataSources.add(dataSource);
		// The item inline (a VARBINARY, as the script has it): each row a lock rewrites then
		// costs the whole item, which makes rows locked beyond the claim show.
		assertThat(h2Script()).contains("item VARBINARY NOT NULL");
		// A backlog another instance stored and left free as it stopped.
		JdbcDeliveryStore writer = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(100)));
		byte[] tenKilobytes = new byte[10_000];
		for (int i = 0; i < 300; i++) {
			writer.add(new StoredDelivery(0, "backlog-" + i, Channel.BEACON, tenKilobytes), null);
		}
		writer.close();
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(100)));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		long before = bytesWritten(jdbc);
		assertThat(store.take(1000)).isNotNull();
		long written = bytesWritten(jdbc) - before;
		// The claim takes 4 rows (claim-batch); locking all 300 before the limit, as a sorted
		// FOR UPDATE does on H2, rewrites the 3 MB backlog.
		assertThat(written).as("bytes H2 wrote for one claim").isPositive().isLessThan(300_000);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery WHERE claimed_by IS NOT NULL",
				Integer.class)).isEqualTo(4);
	}

	@Test
	void storesDeliversAndDeletesOnAnH2TableTheEarlierScriptMadeWithABlob() throws Exception {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + this.temp.resolve("blob").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
		this.dataSources.add(dataSource);
		// The script before the item went inline: a BLOB and the identity's default cache.
		String earlier = h2Script().replace("item VARBINARY NOT NULL", "item BLOB NOT NULL")
			.replace(" (CACHE 65536)", "");
		assertThat(earlier).contains("item BLOB NOT NULL").doesNotContain("CACHE");
		new ResourceDatabasePopulator(new ByteArrayResource(earlier.getBytes(StandardCharsets.UTF_8)))
			.execute(dataSource);
		JdbcDeliveryStore first = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		byte[] body = "{\"kept\":true}".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < 40; i++) {
			first.add(new StoredDelivery(0, "blob-" + i, Channel.BEACON, body), null);
		}
		StoredDelivery delivered = first.take(1000);
		assertThat(delivered).isNotNull();
		first.remove(delivered);
		first.close();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
				+ "WHERE TABLE_NAME = 'UNISIGHTS_DELIVERY' AND COLUMN_NAME = 'ITEM'", String.class))
			.isEqualTo("BINARY LARGE OBJECT");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class)).isEqualTo(39);

		// Read back by the next instance from the BLOB, byte for byte.
		JdbcDeliveryStore second = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(10)));
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 39; i++) {
			StoredDelivery row = second.take(1000);
			assertThat(row).isNotNull();
			assertThat(row.bytes()).isEqualTo(body);
			ids.add(row.id());
			second.remove(row);
		}
		assertThat(ids).hasSize(39).doesNotContain(delivered.id());
	}

	private static String h2Script() throws IOException {
		return StreamUtils.copyToString(
				new ClassPathResource("io/unisights/spring/delivery/jdbc/schema-h2.sql").getInputStream(),
				StandardCharsets.UTF_8);
	}

	private static long bytesWritten(JdbcTemplate jdbc) {
		Long bytes = jdbc.queryForObject(
				"SELECT CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE_BYTES'",
				Long.class);
		return (bytes != null) ? bytes : 0;
	}

	private Set<String> drain(JdbcDeliveryStore store, int expected) throws InterruptedException {
		Set<String> ids = new HashSet<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (ids.size() < expected && System.nanoTime() < deadline) {
			StoredDelivery item = store.take(100);
			if (item != null) {
				assertThat(new String(item.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"" + item.id() + "\"}");
				assertThat(ids.add(item.id())).as("taken once: " + item.id()).isTrue();
				store.remove(item);
			}
		}
		assertThat(ids).hasSize(expected);
		return ids;
	}

	private static StoredDelivery item(String id) {
		return new StoredDelivery(0, id, Channel.BEACON, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void warnsWhenAnInMemoryDatabaseMayHoldMoreRowsThanTheHeapHas(CapturedOutput output) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:heap-bound;DB_CLOSE_DELAY=-1");
		this.dataSources.add(dataSource);
		open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofTerabytes(1)));
		assertThat(output).contains("H2 in memory, so its rows live in the heap")
			.contains("unisights.delivery.jdbc.max-size");
	}

	@Test
	void boundsUnderAQuarterOfTheHeapNeedNoWarning() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:heap-quarter;DB_CLOSE_DELAY=-1");
		this.dataSources.add(dataSource);
		JdbcDeliveryStore store = open(dataSource, settings(Duration.ofSeconds(30), 1000, DataSize.ofMegabytes(128)));
		assertThat(store.warnOfRowsInTheHeap(DataSize.ofMegabytes(512).toBytes())).isFalse();
		assertThat(store.warnOfRowsInTheHeap(DataSize.ofMegabytes(511).toBytes())).isTrue();
	}

	private JdbcDeliveryStore open(DataSource dataSource, DeliveryProperties.Jdbc settings) {
		JdbcDeliveryStore store = store(dataSource, settings);
		store.open();
		this.stores.add(store);
		return store;
	}

	static JdbcDeliveryStore store(DataSource dataSource, DeliveryProperties.Jdbc settings) {
		JdbcDeliveryRepository repository = JdbcDeliveryRepository.connect(dataSource, settings);
		new JdbcStoreSchemaInitializer(dataSource, repository.dialect(), DeliveryProperties.InitializeSchema.ALWAYS,
				settings.openTimeout())
			.afterPropertiesSet();
		return new JdbcDeliveryStore(repository, settings, Duration.ofSeconds(2));
	}

	static DeliveryProperties.Jdbc settings(Duration lease, long maxRows, DataSize maxSize) {
		return new DeliveryProperties.Jdbc(DeliveryProperties.InitializeSchema.EMBEDDED, maxRows, maxSize, lease,
				Duration.ofMillis(20), 4, 64, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(2),
				Duration.ofSeconds(30));
	}

	private DataSource dataSource(String database) {
		HikariDataSource dataSource = new HikariDataSource();
		if (database.equals("h2")) {
			dataSource.setJdbcUrl(
					"jdbc:h2:file:" + this.temp.resolve("store").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
		}
		else {
			dataSource.setJdbcUrl(PostgresServer.shared().createDatabase());
			dataSource.setUsername("postgres");
		}
		this.dataSources.add(dataSource);
		return dataSource;
	}

}
