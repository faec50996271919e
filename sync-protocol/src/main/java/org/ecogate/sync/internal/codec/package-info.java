/** Internal: the wire codec (envelope, JSON and columnar bodies, topics). Not for embedders; see PROTOCOL.md. */
package org.ecogate.sync.internal.codec;
