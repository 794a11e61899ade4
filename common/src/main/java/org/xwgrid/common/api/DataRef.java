package org.xwgrid.common.api;

import org.xwgrid.common.CborSerializable;

/** A blob of the data repository: its SHA-256 (the address), size in bytes and file name. */
public record DataRef(String sha256, long size, String name) implements CborSerializable {}
