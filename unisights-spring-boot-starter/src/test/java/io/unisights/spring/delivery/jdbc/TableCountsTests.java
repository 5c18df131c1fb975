package io.unisights.spring.delivery.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's counts against the commits that race a count of the table.
 */
class TableCountsTests {

	@Test
	void aCountTakenWhileADeleteCommitsIsThrownAwaySoTheDeletedRowIsNotCountedAgain() {
		TableCounts counts = new TableCounts();
		counts.refresh(() -> new JdbcDeliveryRepository.Counts(3, 300));
		// The count's snapshot still holds the row the commit deletes.
		boolean kept = counts.refresh(() -> {
			counts.beginning();
			counts.ended(0, 0, 0, 0, 1, 100);
			return new JdbcDeliveryRepository.Counts(3, 300);
		});

		assertThat(kept).isFalse();
		assertThat(counts.rows()).isEqualTo(2);
		assertThat(counts.bytes()).isEqualTo(200);
	}

	@Test
	void noCountIsTakenWhileACommitRuns() {
		TableCounts counts = new TableCounts();
		counts.beginning();

		assertThat(counts.refresh(() -> {
			throw new AssertionError("counted while a commit ran");
		})).isFalse();
		counts.ended(0, 0, 0, 0, 0, 0);
		assertThat(counts.refresh(() -> new JdbcDeliveryRepository.Counts(7, 700))).isTrue();
		assertThat(counts.rows()).isEqualTo(7);
	}

	@Test
	void aCountWhileNoCommitRunsSetsTheTablesFiguresAndKeepsTheWaitingItems() {
		TableCounts counts = new TableCounts();
		assertThat(counts.reserve(50, 100, 10_000)).isTrue();

		assertThat(counts.refresh(() -> new JdbcDeliveryRepository.Counts(4, 400))).isTrue();

		assertThat(counts.rows()).isEqualTo(5);
		assertThat(counts.bytes()).isEqualTo(450);
	}

	@Test
	void aCommitMovesTheWaitingItemsIntoTheTableOrUncountsTheDuplicates() {
		TableCounts counts = new TableCounts();
		counts.reserve(10, 100, 10_000);
		counts.reserve(20, 100, 10_000);
		counts.beginning();
		// The second was a duplicate key: not inserted.
		counts.ended(2, 30, 1, 10, 0, 0);

		assertThat(counts.rows()).isEqualTo(1);
		assertThat(counts.bytes()).isEqualTo(10);
		assertThat(counts.refresh(() -> new JdbcDeliveryRepository.Counts(1, 10))).isTrue();
	}

	@Test
	void refusesAnItemPastEitherBoundButTakesASingleItemLargerThanTheByteBound() {
		TableCounts counts = new TableCounts();
		assertThat(counts.reserve(5_000, 2, 1_000)).as("alone, however large").isTrue();
		assertThat(counts.reserve(10, 2, 1_000)).as("past the bytes").isFalse();
		counts.unreserve(1, 5_000);
		assertThat(counts.reserve(10, 2, 1_000)).isTrue();
		assertThat(counts.reserve(10, 2, 1_000)).isTrue();
		assertThat(counts.reserve(10, 2, 1_000)).as("past the rows").isFalse();
		assertThat(counts.rows()).isEqualTo(2);
		assertThat(counts.bytes()).isEqualTo(20);
	}

	@Test
	void keepsACountAnywayOnceTooManyInARowWereThrownAway() {
		TableCounts counts = new TableCounts();
		counts.beginning();
		for (int i = 0; i < TableCounts.MOST_SKIPPED; i++) {
			assertThat(counts.refresh(() -> new JdbcDeliveryRepository.Counts(9, 900))).isFalse();
		}
		assertThat(counts.rows()).isZero();

		assertThat(counts.refresh(() -> new JdbcDeliveryRepository.Counts(9, 900))).isTrue();
		assertThat(counts.rows()).isEqualTo(9);
		assertThat(counts.overlapped()).as("kept while a commit ran").isTrue();
	}

	@Test
	void aCountNoCommitOverlappedIsNoLongerOneToTakeAgainSoon() {
		TableCounts counts = new TableCounts();
		counts.beginning();
		for (int i = 0; i < TableCounts.MOST_SKIPPED; i++) {
			counts.refresh(() -> new JdbcDeliveryRepository.Counts(9, 900));
		}
		counts.refresh(() -> new JdbcDeliveryRepository.Counts(9, 900));
		assertThat(counts.overlapped()).isTrue();
		counts.ended(0, 0, 0, 0, 2, 200);

		assertThat(counts.refresh(() -> new JdbcDeliveryRepository.Counts(7, 700))).isTrue();
		assertThat(counts.overlapped()).isFalse();
		assertThat(counts.rows()).isEqualTo(7);
	}

}
