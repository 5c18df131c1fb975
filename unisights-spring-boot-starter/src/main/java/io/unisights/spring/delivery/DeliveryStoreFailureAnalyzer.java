package io.unisights.spring.delivery;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a missing {@link javax.sql.DataSource} for the database delivery store the way
 * Boot explains its own startup failures: what is wrong and what to add.
 */
final class DeliveryStoreFailureAnalyzer extends AbstractFailureAnalyzer<DeliveryStoreUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DeliveryStoreUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Add spring-boot-starter-jdbc and a JDBC driver (for example com.h2database:h2 or "
						+ "org.postgresql:postgresql), and configure spring.datasource.url; or set "
						+ "unisights.delivery.store=memory to keep accepted items in memory.",
				cause);
	}

}
