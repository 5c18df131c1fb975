package io.unisights.spring.privacy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.delivery.DeliveryProperties.InitializeSchema;
import io.unisights.spring.test.PostgresServer;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Visitor ids: equal for one visitor within a day, on every instance of one database,
 * different once the salt rotated, and the salt older than yesterday destroyed.
 */
class VisitorIdsTests {

	static final Instant MORNING = Instant.parse("2026-06-01T08:00:00Z");

	static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	@TempDir
	Path temp;

	private final List<HikariDataSource> dataSources = new ArrayList<>();

	@AfterEach
	void close() {
		this.dataSources.forEach(HikariDataSource::close);
	}

	@Test
	void isEqualForOneVisitorWithinADayAndDiffersBetweenVisitorsAndSites() {
		VisitorIds ids = new VisitorIds(new MemoryVisitorSaltStore());
		String morning = id(ids, "shop", "203.0.113.7", CHROME, MORNING);

		assertThat(morning).hasSize(22).matches("[A-Za-z0-9_-]+");
		assertThat(id(ids, "shop", "203.0.113.7", CHROME, MORNING.plus(Duration.ofHours(15)))).isEqualTo(morning);
		assertThat(id(ids, "shop", "203.0.113.8", CHROME, MORNING)).isNotEqualTo(morning);
		assertThat(id(ids, "shop", "203.0.113.7", CHROME + " ", MORNING)).isNotEqualTo(morning);
		assertThat(id(ids, "blog", "203.0.113.7", CHROME, MORNING)).isNotEqualTo(morning);
		// Length-prefixed: moving characters from one input to the next makes another id.
		assertThat(id(ids, "shop2", "03.0.113.7", CHROME, MORNING)).isNotEqualTo(morning);
		assertThat(id(ids, null, "203.0.113.7", CHROME, MORNING)).isNotEqualTo(id(ids, "", "203.0.113.7", CHROME, MORNING));
	}

	@Test
	void changesAtMidnightAndKeepsYesterdaysIdForTheOverlap() {
		VisitorIds ids = new VisitorIds(new MemoryVisitorSaltStore());
		VisitorIds.Ids monday = ids.ids("shop", "203.0.113.7", CHROME, MORNING);
		VisitorIds.Ids tuesday = ids.ids("shop", "203.0.113.7", CHROME, MORNING.plus(Duration.ofDays(1)));
		VisitorIds.Ids thursday = ids.ids("shop", "203.0.113.7", CHROME, MORNING.plus(Duration.ofDays(3)));

		assertThat(monday.previous()).isNull();
		assertThat(tuesday.current()).isNotEqualTo(monday.current());
		assertThat(tuesday.previous()).isEqualTo(monday.current());
		// Wednesday's salt was never made, Tuesday's is gone: no overlap to give.
		assertThat(thursday.previous()).isNull();
		assertThat(thursday.current()).isNotIn(monday.current(), tuesday.current());
	}

	@Test
	void destroysEverySaltOlderThanYesterday() {
		MemoryVisitorSaltStore store = new MemoryVisitorSaltStore();
		LocalDate monday = LocalDate.of(2026, 6, 1);
		byte[] mondaySalt = store.salts(monday).current();
		store.salts(monday.plusDays(1));

		VisitorSaltStore.DailySalts wednesday = store.salts(monday.plusDays(2));

		assertThat(wednesday.previous()).isNotNull().isNotEqualTo(mondaySalt);
		// Monday's asked again is a new salt: the old one no longer exists to give its ids away.
		assertThat(store.salts(monday).current()).isNotEqualTo(mondaySalt);
	}

	@Test
	void hashesAnAddressUnderTheDaysSaltApartFromVisitorIds() {
		VisitorIds ids = new VisitorIds(new MemoryVisitorSaltStore());
		String hash = ids.hashAddress("203.0.113.7", MORNING);

		assertThat(hash).isEqualTo(ids.hashAddress("203.0.113.7", MORNING.plusSeconds(60)))
			.isNotEqualTo(ids.hashAddress("203.0.113.8", MORNING))
			.isNotEqualTo(ids.hashAddress("203.0.113.7", MORNING.plus(Duration.ofDays(1))))
			.isNotEqualTo(id(ids, null, "203.0.113.7", null, MORNING))
			.doesNotContain("203");
	}

	@Test
	void twoInstancesOnOneH2FileComputeTheSameIdAndRotateTogether() {
		String url = "jdbc:h2:file:" + this.temp.resolve("salts").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
		twoInstancesOnOneDatabaseAgree(dataSource(url), dataSource(url), InitializeSchema.EMBEDDED);
	}

	@Test
	void twoInstancesOnOnePostgresqlDatabaseComputeTheSameIdAndRotateTogether() {
		String url = PostgresServer.shared().createDatabase();
		twoInstancesOnOneDatabaseAgree(dataSource(url), dataSource(url), InitializeSchema.ALWAYS);
	}

	private void twoInstancesOnOneDatabaseAgree(HikariDataSource first, HikariDataSource second,
			InitializeSchema mode) {
		PrivacySchema.VISITOR_SALTS.initialize(first, mode, Duration.ofSeconds(10));
		PrivacySchema.VISITOR_SALTS.initialize(second, mode, Duration.ofSeconds(10));
		VisitorIds one = new VisitorIds(new JdbcVisitorSaltStore(first));
		VisitorIds other = new VisitorIds(new JdbcVisitorSaltStore(second));

		String monday = id(one, "shop", "203.0.113.7", CHROME, MORNING);
		assertThat(id(other, "shop", "203.0.113.7", CHROME, MORNING.plusSeconds(3600))).isEqualTo(monday);
		assertThat(id(new VisitorIds(new MemoryVisitorSaltStore()), "shop", "203.0.113.7", CHROME, MORNING))
			.isNotEqualTo(monday);

		Instant tuesday = MORNING.plus(Duration.ofDays(1));
		VisitorIds.Ids onOther = other.ids("shop", "203.0.113.7", CHROME, tuesday);
		VisitorIds.Ids onOne = one.ids("shop", "203.0.113.7", CHROME, tuesday);
		assertThat(onOne).isEqualTo(onOther);
		assertThat(onOne.current()).isNotEqualTo(monday);
		assertThat(onOne.previous()).isEqualTo(monday);

		one.ids("shop", "203.0.113.7", CHROME, MORNING.plus(Duration.ofDays(2)));
		assertThat(new JdbcTemplate(first).queryForList("SELECT salt_day FROM unisights_visitor_salt ORDER BY salt_day",
				String.class))
			.containsExactly("2026-06-02", "2026-06-03");
	}

	private HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		if (url.startsWith("jdbc:postgresql:")) {
			dataSource.setUsername("postgres");
		}
		dataSource.setMaximumPoolSize(2);
		this.dataSources.add(dataSource);
		return dataSource;
	}

	private static String id(VisitorIds ids, String site, String address, String userAgent, Instant at) {
		VisitorIds.Ids visitor = ids.ids(site, address, userAgent, at);
		assertThat(visitor).isNotNull();
		return visitor.current();
	}

}
