/** Internal: the sender's pure scheduling decisions (link estimate, linger), unit-tested with a fake clock. */
package org.ecogate.sync.internal.engine;
