/**
 * The database delivery store ({@code unisights.delivery.store=jdbc}): accepted items as
 * rows of the application's {@code DataSource}, committed before the answer, claimed
 * under leases by the instances that share the database.
 */
@NullMarked
package io.unisights.spring.delivery.jdbc;

import org.jspecify.annotations.NullMarked;
