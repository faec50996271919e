package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error as one line at the place the parser stopped: {@code site.yaml:3:1: not valid YAML: a tab
 * indents this line (indent with spaces)}. Stateless. Traps: SnakeYAML's message is ~7 lines with a caret
 * drawing; Jackson's location for it is the context mark (for a tab, the line before), not the problem mark.
 */
final class YamlSyntax {
    private YamlSyntax() {}

    static ConfigException error(String file, JsonProcessingException e) {
        MarkedYAMLException m = null;
        for (Throwable c = e; c != null && m == null; c = c.getCause()) if (c instanceof MarkedYAMLException y) m = y;
        if (m == null || m.getProblemMark() == null) {
            String msg = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
            return new ConfigException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), "", "not valid YAML: " + msg);
        }
        Mark at = m.getProblemMark();
        String problem = m.getProblem() == null ? "syntax error" : m.getProblem().strip();
        if (problem.contains("\\t(TAB)") || problem.contains("\t")) {
            problem = "a tab character here: YAML indents with spaces only";
        } else if (m.getContext() != null && m.getContextMark() != null) {
            Mark c = m.getContextMark();
            problem = problem + " (" + m.getContext().strip() + " at " + (c.getLine() + 1) + ":" + (c.getColumn() + 1) + ")";
        } else if (m.getContext() != null) {
            problem = problem + " (" + m.getContext().strip() + ")";
        }
        return new ConfigException(file, at.getLine() + 1, at.getColumn() + 1, "", "not valid YAML: " + problem.replace('\n', ' '));
    }
}
