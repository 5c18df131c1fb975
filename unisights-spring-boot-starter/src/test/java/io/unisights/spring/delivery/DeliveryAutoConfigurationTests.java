package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.unisights.spring.UnisightsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class));

	@Test
	void deliversSynchronouslyByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EventDispatcher.class)
				.hasSingleBean(SynchronousEventDispatcher.class)
				.hasSingleBean(DeadLetterReplayer.class);
			assertThat(context.getBean(DeliveryProperties.class).queueCapacity()).isEqualTo(10000);
			assertThat(context.getBean(JsonlDeadLetterFile.class).path())
				.isEqualTo(Path.of("unisights-dead-letter.jsonl").toAbsolutePath());
		});
	}

	@Test
	void deliversAsynchronouslyWhenConfigured() {
		this.contextRunner.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.queue-capacity=7")
			.run((context) -> {
				AsynchronousEventDispatcher dispatcher = context.getBean(AsynchronousEventDispatcher.class);
				assertThat(dispatcher.capacity()).isEqualTo(7);
				assertThat(dispatcher.isRunning()).isTrue();
			});
	}

	@Test
	void storesItemsInTheApplicationsDatabaseWhenTheJdbcStoreIsChosen() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
					"spring.datasource.url=jdbc:h2:mem:store-" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcDeliveryStore.class).doesNotHaveBean(MemoryDeliveryStore.class);
				assertThat(context.getBean(KeyWindows.class).create(Duration.ofMinutes(1), 10))
					.isInstanceOf(JdbcKeyWindow.class);
				// Created because H2 runs inside the JVM (initialize-schema=embedded).
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery", Integer.class)).isZero();
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM unisights_delivery_window", Integer.class))
					.isZero();
			});
	}

	@Test
	void failsAtStartupNamingWhatToAddWhenTheJdbcStoreHasNoDataSource() {
		this.contextRunner.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = new DeliveryStoreFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("unisights.delivery.store=jdbc needs a DataSource");
				assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc", "spring.datasource.url",
						"unisights.delivery.store=memory");
			});
	}

	@Test
	void registersTheFailureAnalyzerWithBoot() throws Exception {
		assertThat(new String(getClass().getResourceAsStream("/META-INF/spring.factories").readAllBytes()))
			.contains(DeliveryStoreFailureAnalyzer.class.getName());
	}

	@Test
	void backsOffWhenTheHostDefinesADispatcher() {
		EventDispatcher own = (delivery) -> DispatchResult.DELIVERED;
		this.contextRunner.withBean(EventDispatcher.class, () -> own)
			.withPropertyValues("unisights.delivery.mode=async")
			.run((context) -> assertThat(context).getBean(EventDispatcher.class).isSameAs(own));
	}

	@Test
	void usesTheHostsDeadLetterSinkAndOffersNoFileReplay() {
		DeadLetterSink own = (letter) -> {
		};
		this.contextRunner.withBean(DeadLetterSink.class, () -> own)
			.withPropertyValues("unisights.delivery.mode=async")
			.run((context) -> assertThat(context).hasSingleBean(DeadLetterSink.class)
				.doesNotHaveBean(JsonlDeadLetterFile.class)
				.doesNotHaveBean(DeadLetterReplayer.class)
				.hasSingleBean(AsynchronousEventDispatcher.class));
	}

	@Test
	void refusesAnEmptyQueue() {
		this.contextRunner.withPropertyValues("unisights.delivery.queue-capacity=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.delivery.queue-capacity"));
	}

	@Test
	void isSwitchedOffWithTheCollector() {
		this.contextRunner.withPropertyValues("unisights.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventDispatcher.class));
	}

}
