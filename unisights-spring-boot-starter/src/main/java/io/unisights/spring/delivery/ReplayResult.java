package io.unisights.spring.delivery;

/**
 * Outcome of replaying a dead-letter file.
 *
 * @param delivered items every handler accepted; they are gone from the file
 * @param remaining items that are back in the file: those that failed again (attempt
 * count and error updated) and those that could not be read
 * @param unreadable lines among the remaining ones that are not dead letters (a hand
 * edit, a line cut short by a crash); they are kept unchanged, and the log names each by
 * its line number, for someone to repair or remove
 */
public record ReplayResult(int delivered, int remaining, int unreadable) {

}
