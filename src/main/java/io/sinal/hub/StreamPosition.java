package io.sinal.hub;

/** A place in a channel's stream: the epoch of its history and the offset of the last publication (0 = none). */
public record StreamPosition(String epoch, long offset) {}
