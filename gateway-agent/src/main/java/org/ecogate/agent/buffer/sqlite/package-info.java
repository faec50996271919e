/**
 * The SQLite (WAL) buffer: schema, migrations, retention and quota, disk-full handling, gap records.
 * Only the runtime may name these classes; everything else goes through {@link org.ecogate.agent.buffer.Buffer}.
 */
package org.ecogate.agent.buffer.sqlite;
