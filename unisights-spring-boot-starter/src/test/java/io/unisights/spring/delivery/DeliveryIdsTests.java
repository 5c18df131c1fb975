package io.unisights.spring.delivery;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryIdsTests {

	@Test
	void makesVersion7UuidsWithTheRfcVariant() {
		UUID id = UUID.fromString(DeliveryIds.next());

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
	}

	@Test
	void carriesTheCreationTimeInItsLeadingBits() {
		long before = System.currentTimeMillis();
		UUID id = UUID.fromString(DeliveryIds.next());
		long after = System.currentTimeMillis();

		assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
	}

	@Test
	void doesNotRepeat() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(DeliveryIds.next());
		}
		assertThat(ids).hasSize(10_000);
	}

}
