package io.unisights.spring.delivery;

/**
 * {@code unisights.delivery.store=jdbc} was set, but the application has no
 * {@link javax.sql.DataSource} (or no Spring JDBC) for the store to use. Reported at
 * startup by {@link DeliveryStoreFailureAnalyzer}.
 */
final class DeliveryStoreUnavailableException extends IllegalStateException {

	DeliveryStoreUnavailableException(String message) {
		super(message);
	}

}
