/**
 * The {@code ecogate} picocli commands: one file per top-level command, subcommands beside their group.
 * Commands parse arguments, call runtime (or config) and format; they hold no business logic. Fixed exit
 * codes in {@link org.ecogate.agent.cli.Main}.
 */
package org.ecogate.agent.cli;
