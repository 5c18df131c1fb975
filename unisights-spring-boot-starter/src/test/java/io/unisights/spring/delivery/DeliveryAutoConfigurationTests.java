package io.unisights.spring.delivery;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.deadletter.DeadLetterSink;
import io.unisights.ingest.SendFailure;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.delivery.jdbc.JdbcDeliveryStoreAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class));

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
				assertThat(dispatcher.store().capacity()).isEqualTo(7);
				assertThat(dispatcher.isRunning()).isTrue();
				assertThat(dispatcher.store().availability().available()).isTrue();
			});
	}

	@Test
	void failsAtStartupNamingWhatToAddWhenTheJdbcStoreHasNoDataSource() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JdbcDeliveryStoreAutoConfiguration.class))
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc")
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
	void failsAtStartupNamingWhatToAddWhenTheJdbcStoreHasNoSpringJdbc() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JdbcDeliveryStoreAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.store=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new DeliveryStoreFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("needs Spring JDBC");
				assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc", "unisights.delivery.store=memory");
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
		DeadLetterSink<Receipt> own = (letter) -> {
		};
		this.contextRunner.withBean(DeadLetterSink.class, () -> own)
			.withPropertyValues("unisights.delivery.mode=async")
			.run((context) -> assertThat(context).hasSingleBean(DeadLetterSink.class)
				.doesNotHaveBean(JsonlDeadLetterFile.class)
				.doesNotHaveBean(DeadLetterReplayer.class)
				.hasSingleBean(AsynchronousEventDispatcher.class));
	}

	@Test
	void usesTheHostsTypedDeadLetterSinkBean() {
		this.contextRunner.withUserConfiguration(HostDeadLetterSink.class)
			.withPropertyValues("unisights.delivery.mode=async")
			.run((context) -> assertThat(context).doesNotHaveBean(JsonlDeadLetterFile.class)
				.doesNotHaveBean(DeadLetterReplayer.class)
				.getBean(AsynchronousEventDispatcher.class)
				.isNotNull());
	}

	@Test
	void keepsTheFileWhenTheHostsSinkIsAnEventsClients() {
		this.contextRunner.withUserConfiguration(EventsClientDeadLetterSink.class)
			.withPropertyValues("unisights.delivery.mode=async")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(JsonlDeadLetterFile.class)
				.hasSingleBean(DeadLetterReplayer.class)
				.hasSingleBean(AsynchronousEventDispatcher.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class HostDeadLetterSink {

		@Bean
		DeadLetterSink<Receipt> hostDeadLetterSink() {
			return (letter) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventsClientDeadLetterSink {

		@Bean
		DeadLetterSink<SendFailure> eventsClientDeadLetterSink() {
			return (letter) -> {
			};
		}

	}

	@Test
	@SuppressWarnings("deprecation")
	void keepsTheFormerDeadLetterTypesWorking(@TempDir Path temp) {
		this.contextRunner.withPropertyValues("unisights.delivery.dead-letter.path=" + temp.resolve("letters.jsonl"))
			.run((context) -> {
			JsonlDeadLetterFile file = context.getBean(JsonlDeadLetterFile.class);
			assertThat(context.getBean(io.unisights.spring.delivery.JsonlDeadLetterFile.class)).isSameAs(file);
			assertThat(context.getBean(io.unisights.spring.delivery.DeadLetterReplayer.class).replay())
				.isEqualTo(new ReplayResult(0, 0, 0));
			});
	}

	@Test
	void leavesTheDeadLetterFileToItsOwnAutoConfiguration() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(SynchronousEventDispatcher.class)
				.hasSingleBean(Redelivery.class)
				.doesNotHaveBean(JsonlDeadLetterFile.class));
	}

	@Test
	void leavesTheDataSourceOrderingToTheJdbcStore() {
		assertThat(DeliveryAutoConfiguration.class.getAnnotation(AutoConfiguration.class).afterName()).isEmpty();
		assertThat(JdbcDeliveryStoreAutoConfiguration.class.getAnnotation(AutoConfiguration.class).afterName())
			.contains("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
	}

	@Test
	void refusesAnEmptyQueue() {
		this.contextRunner.withPropertyValues("unisights.delivery.queue-capacity=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.delivery.queue-capacity"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "workers", "retry.max-attempts", "dedupe.max-entries" })
	void refusesACountBelowOneNamingTheProperty(String property) {
		this.contextRunner.withPropertyValues("unisights.delivery." + property + "=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("unisights.delivery." + property + " must be at least 1 but was 0"));
	}

	@Test
	void isSwitchedOffWithTheCollector() {
		this.contextRunner.withPropertyValues("unisights.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EventDispatcher.class));
	}

}
