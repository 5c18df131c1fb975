package io.unisights.spring.delivery;

/**
 * Outcome of replaying a dead-letter file.
 *
 * @param delivered items every handler accepted; they are gone from the file
 * @param remaining items that failed again (or could not be read); they are back in the
 * file with their attempt count and error updated
 */
public record ReplayResult(int delivered, int remaining) {

}
