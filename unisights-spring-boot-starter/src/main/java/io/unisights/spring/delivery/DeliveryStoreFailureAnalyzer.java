package io.unisights.spring.delivery;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why a delivery store could not start (no {@link javax.sql.DataSource} for the
 * database store, a database that did not answer, an H2 database that would lose
 * commits) the way Boot explains its own startup failures: what is wrong and what to
 * change.
 */
final class DeliveryStoreFailureAnalyzer extends AbstractFailureAnalyzer<DeliveryStoreUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DeliveryStoreUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
