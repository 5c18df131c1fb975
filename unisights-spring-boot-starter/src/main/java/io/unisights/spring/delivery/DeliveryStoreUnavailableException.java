package io.unisights.spring.delivery;

import org.jspecify.annotations.Nullable;

/**
 * A {@link DeliveryStore} cannot be used: what it needs is missing (a
 * {@link javax.sql.DataSource}, Spring JDBC), or its backend did not answer or refused
 * what the store requires when it opened. Startup fails with it, and
 * {@link DeliveryStoreFailureAnalyzer} reports its message and what to do about it.
 */
public class DeliveryStoreUnavailableException extends IllegalStateException {

	private static final String ADD_A_DATA_SOURCE = "Add spring-boot-starter-jdbc and a JDBC driver (for example "
			+ "com.h2database:h2 or org.postgresql:postgresql), and configure spring.datasource.url; or set "
			+ "unisights.delivery.store=memory to keep accepted items in memory.";

	/** What the operator should do. */
	private final String action;

	/**
	 * Creates the exception for a store whose dependencies are missing.
	 * @param message what is missing
	 */
	DeliveryStoreUnavailableException(String message) {
		this(message, ADD_A_DATA_SOURCE, null);
	}

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming the setting or the backend concerned
	 * @param action what the operator should change
	 * @param cause the failure behind it, if any
	 */
	public DeliveryStoreUnavailableException(String message, String action, @Nullable Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	/**
	 * What the operator should change for the store to start.
	 * @return the action, as Boot's failure report shows it
	 */
	public String getAction() {
		return this.action;
	}

}
