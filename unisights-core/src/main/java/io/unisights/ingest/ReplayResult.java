package io.unisights.ingest;

/**
 * What a replay of a dead-letter file achieved.
 *
 * @param delivered messages the receiver now has (delivered, or acknowledged as
 * duplicates), removed from the file
 * @param remaining messages that still failed, or lines that could not be read, left in
 * the file
 */
public record ReplayResult(int delivered, int remaining) {

}
