package org.xwgrid.common;

/**
 * Marker for every record that crosses a cluster node boundary or reaches the journal. Bound to
 * jackson-cbor in {@code conf/common/serialization.conf}; Java serialization stays off.
 */
public interface CborSerializable {}
