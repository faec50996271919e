/**
 * Pure detection: equipment states, facility outages, threshold warnings, summaries and ledgers from
 * readings and a time passed in. No files, streams, SQL, JSON/YAML, logging or formatting (ArchitectureTest
 * enforces it); its configuration types live in config, its JSON in runtime.DetectJson.
 */
package org.ecogate.agent.detect;
