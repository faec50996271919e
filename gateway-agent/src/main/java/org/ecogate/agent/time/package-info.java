/** The clock interface every layer may take (wall time + monotonic time). Imports nothing of ours. */
package org.ecogate.agent.time;
